//===- Clone.cpp - Deep copies of modules -----------------------------------===//

#include "ir/Clone.h"

#include "llvm/ADT/DenseMap.h"

namespace thymos::ir {

namespace {

void cloneGraph(const Graph &from, Graph &to,
                const llvm::DenseMap<const StateDecl *, const StateDecl *> &states) {
  llvm::DenseMap<const Value *, Value *> map;
  for (const Value *arg : from.arguments())
    map[arg] = to.addArgument(arg->name(), arg->type(), arg->loc());
  for (const Value *read : from.stateReads())
    map[read] = to.addStateRead(read->name(), states.lookup(read->readsState()), read->loc());

  for (const auto &op : from.ops()) {
    OperationState state{op->kind(), op->loc(), {}, {}, {}, {}, {}, {}, {}, {}};
    for (unsigned i = 0; i < op->numOperands(); ++i) {
      state.operands.push_back(map.lookup(op->operand(i)));
      state.operandLocs.push_back(op->operandLoc(i));
      state.domain.push_back(op->domain()[i]);
      state.domainLocs.push_back(op->domainLoc(i));
    }
    state.attrs.assign(op->attrs().begin(), op->attrs().end());
    for (unsigned i = 0; i < op->numResults(); ++i) {
      const Value *result = op->result(i);
      Value *copy = to.createValue(result->name(), result->loc());
      map[result] = copy;
      state.results.push_back(copy);
      state.codomain.push_back(result->type());
      state.codomainLocs.push_back(op->codomainLoc(i));
    }
    to.createOp(std::move(state));
  }

  std::vector<llvm::SMLoc> typeLocs;
  for (unsigned i = 0; i < from.resultTypes().size(); ++i)
    typeLocs.push_back(from.resultTypeLoc(i));
  to.setResultTypes(from.resultTypes().vec(), std::move(typeLocs));
  if (from.hasReturn()) {
    std::vector<Value *> values;
    std::vector<llvm::SMLoc> valueLocs;
    for (unsigned i = 0; i < from.returnValues().size(); ++i) {
      values.push_back(map.lookup(from.returnValues()[i]));
      valueLocs.push_back(from.returnValueLoc(i));
    }
    to.setReturn(std::move(values), from.returnLoc(), std::move(valueLocs));
  }
  for (const Graph::StateUpdate &u : from.updates())
    to.addUpdate(states.lookup(u.state), map.lookup(u.value), u.loc, u.valueLoc);
}

} // namespace

std::unique_ptr<Module> cloneModule(const Module &module) {
  auto copy = std::make_unique<Module>(module.name(), module.loc());
  llvm::DenseMap<const StateDecl *, const StateDecl *> states;
  for (const auto &s : module.states())
    states[s.get()] = copy->addState(s->name, s->type, s->loc, s->typeLoc);
  for (const auto &graph : module.graphs())
    cloneGraph(*graph, *copy->addGraph(graph->name(), graph->loc()), states);
  return copy;
}

} // namespace thymos::ir
