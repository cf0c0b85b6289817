//===- Graph.cpp - A named, typed computation -------------------------------===//

#include "ir/Graph.h"

#include <algorithm>

namespace thymos::ir {

Value *Graph::addArgument(std::string name, TensorType type, llvm::SMLoc loc) {
  Value *v = createValue(std::move(name), loc);
  v->type_ = std::move(type);
  v->argIndex_ = static_cast<int>(arguments_.size());
  arguments_.push_back(v);
  return v;
}

Value *Graph::addStateRead(std::string name, const StateDecl *state, llvm::SMLoc loc) {
  Value *v = createValue(std::move(name), loc);
  v->type_ = state->type;
  v->state_ = state;
  stateReads_.push_back(v);
  return v;
}

void Graph::addUpdate(const StateDecl *state, Value *value, llvm::SMLoc loc,
                      llvm::SMLoc valueLoc) {
  updates_.push_back({state, value, loc, valueLoc});
}

Value *Graph::createValue(std::string name, llvm::SMLoc loc) {
  values_.push_back(std::make_unique<Value>());
  Value *v = values_.back().get();
  v->name_ = std::move(name);
  v->loc_ = loc;
  v->parent_ = this;
  return v;
}

Operation *Graph::createOp(OperationState &&state) {
  return insertOp(static_cast<unsigned>(ops_.size()), std::move(state));
}

Operation *Graph::insertOp(unsigned index, OperationState &&state) {
  auto op = std::make_unique<Operation>();
  op->kind_ = state.kind;
  op->loc_ = state.loc;
  op->parent_ = this;
  op->operands_ = std::move(state.operands);
  op->operandLocs_ = std::move(state.operandLocs);
  op->domain_ = std::move(state.domain);
  op->domainLocs_ = std::move(state.domainLocs);
  op->attrs_ = std::move(state.attrs);
  op->codomainLocs_ = std::move(state.codomainLocs);
  op->results_ = std::move(state.results);
  for (unsigned i = 0; i < op->results_.size(); ++i) {
    Value *result = op->results_[i];
    result->def_ = op.get();
    result->resultIndex_ = i;
    if (i < state.codomain.size())
      result->type_ = state.codomain[i];
  }
  index = std::min<unsigned>(index, static_cast<unsigned>(ops_.size()));
  Operation *inserted = op.get();
  ops_.insert(ops_.begin() + index, std::move(op));
  for (unsigned i = index; i < ops_.size(); ++i)
    ops_[i]->index_ = i;
  return inserted;
}

void Graph::replaceAllUsesWith(const Value *from, Value *to) {
  for (auto &op : ops_)
    for (Value *&operand : op->operands_)
      if (operand == from)
        operand = to;
  for (Value *&v : returnValues_)
    if (v == from)
      v = to;
  for (StateUpdate &u : updates_)
    if (u.value == from)
      u.value = to;
}

void Graph::setOperand(Operation &op, unsigned i, Value *value) { op.operands_[i] = value; }

void Graph::eraseOps(llvm::function_ref<bool(const Operation &)> erase) {
  std::vector<std::unique_ptr<Operation>> kept;
  kept.reserve(ops_.size());
  for (auto &op : ops_) {
    if (erase(*op)) {
      // The results stay owned by the graph but no longer have a definition.
      for (Value *result : op->results_)
        result->def_ = nullptr;
      continue;
    }
    op->index_ = static_cast<unsigned>(kept.size());
    kept.push_back(std::move(op));
  }
  ops_ = std::move(kept);
}

llvm::DenseMap<const Value *, unsigned> Graph::useCounts() const {
  llvm::DenseMap<const Value *, unsigned> counts;
  for (const auto &op : ops_)
    for (const Value *operand : op->operands_)
      ++counts[operand];
  for (const Value *v : returnValues_)
    ++counts[v];
  for (const StateUpdate &u : updates_)
    ++counts[u.value];
  return counts;
}

Operation *Graph::addOp(OpKind kind, llvm::ArrayRef<Value *> operands,
                        std::vector<NamedAttribute> attrs, llvm::ArrayRef<TensorType> codomain,
                        llvm::ArrayRef<std::string> resultNames) {
  OperationState state{kind, {}, {}, {}, {}, {}, std::move(attrs), {}, {}, {}};
  for (Value *operand : operands) {
    state.operands.push_back(operand);
    state.domain.push_back(operand->type());
  }
  for (size_t i = 0; i < codomain.size(); ++i) {
    state.results.push_back(createValue(i < resultNames.size() ? resultNames[i] : ""));
    state.codomain.push_back(codomain[i]);
  }
  return createOp(std::move(state));
}

void Graph::setResultTypes(std::vector<TensorType> types, std::vector<llvm::SMLoc> locs) {
  resultTypes_ = std::move(types);
  resultTypeLocs_ = std::move(locs);
}

llvm::SMLoc Graph::resultTypeLoc(unsigned i) const {
  return i < resultTypeLocs_.size() ? resultTypeLocs_[i] : llvm::SMLoc();
}

void Graph::setReturn(std::vector<Value *> values, llvm::SMLoc loc,
                      std::vector<llvm::SMLoc> valueLocs) {
  hasReturn_ = true;
  returnValues_ = std::move(values);
  returnLoc_ = loc;
  returnValueLocs_ = std::move(valueLocs);
}

llvm::SMLoc Graph::returnValueLoc(unsigned i) const {
  return i < returnValueLocs_.size() ? returnValueLocs_[i] : llvm::SMLoc();
}

} // namespace thymos::ir
