//===- Canonicalize.cpp - Algebraic identities and constant folding ---------===//
//
// Rewrites, applied in forward sweeps until a sweep changes nothing:
//  - an op equal to one of its operands goes: x*1, 1*x, x+0, 0+x, x-0, x/1,
//    neg(neg(x)), and reshape, transpose (identity perm), cast and broadcast
//    to the operand's own type;
//  - reshape(reshape(x)) becomes reshape(x);
//  - an elementwise op whose operands are all `const` becomes a `const`
//    (passes/ConstantFolding.h says which ops and types fold);
//  - integer x*0 becomes 0.
// A replacement must have exactly the op's result type: `add %x, %zero`
// that broadcasts %x to a bigger shape is not %x.
//
// Ops that a rewrite replaces are erased at the end of each sweep (a folded
// const takes over the op's result name, so the old op cannot linger);
// ops left unused as a side effect, such as the consts a fold consumed,
// stay for `dce`.
//
// Uses are renamed with setOperand while sweeping (each op's operands just
// before it is looked at), so a sweep is linear apart from inserting new ops
// (folded consts, merged reshapes), which shifts the op list once per insert.
//
//===----------------------------------------------------------------------===//

#include "passes/BuiltinPassDecls.h"
#include "passes/ConstantFolding.h"

#include "ir/Ops.h"

#include "llvm/ADT/DenseSet.h"

namespace thymos::passes {

namespace {

using ir::OpKind;
using ir::Operation;
using ir::TensorType;
using ir::Value;

bool isIntegerType(const TensorType &type) {
  return type.dtype() == ir::DType::I32 || type.dtype() == ir::DType::I8;
}

/// True when `v` is a `const` whose elements all equal `number`.
bool isSplatOf(const Value *v, double number) {
  const Operation *def = v->definingOp();
  if (!def)
    return false;
  std::optional<double> splat = constSplatValue(*def);
  return splat && *splat == number;
}

bool isIdentityPermutation(llvm::ArrayRef<int64_t> perm, unsigned rank) {
  if (perm.size() != rank)
    return false;
  for (unsigned i = 0; i < rank; ++i)
    if (perm[i] != i)
      return false;
  return true;
}

/// An existing value that equals `op`'s result and has its exact type, or null.
Value *equivalentValue(const Operation &op) {
  // Passes see verified modules; an op with the wrong operand count (from a
  // plugin that skipped the verifier) is left alone rather than read past.
  if (!op.info().isVariadic() && op.numOperands() != op.info().numOperandSpecs)
    return nullptr;
  const TensorType &type = op.result()->type();
  auto sameType = [&](Value *v) { return v->type() == type ? v : nullptr; };
  Value *lhs = op.numOperands() > 0 ? op.operand(0) : nullptr;
  Value *rhs = op.numOperands() > 1 ? op.operand(1) : nullptr;
  switch (op.kind()) {
  case OpKind::Mul:
    if (isSplatOf(rhs, 1) && sameType(lhs))
      return lhs;
    if (isSplatOf(lhs, 1) && sameType(rhs))
      return rhs;
    // x*0 is 0 only for integers: for floats, inf*0 and nan*0 are nan and
    // -x*0 is -0. When the zero already has the result's type, it is the
    // answer; otherwise replacementOp makes a zero of that type.
    if (isIntegerType(type) && isSplatOf(rhs, 0) && sameType(rhs))
      return rhs;
    if (isIntegerType(type) && isSplatOf(lhs, 0) && sameType(lhs))
      return lhs;
    return nullptr;
  case OpKind::Add:
    // For floats this maps -0.0 + 0.0 (= +0.0) to -0.0, which compares equal.
    if (isSplatOf(rhs, 0) && sameType(lhs))
      return lhs;
    if (isSplatOf(lhs, 0) && sameType(rhs))
      return rhs;
    return nullptr;
  case OpKind::Sub:
    return isSplatOf(rhs, 0) ? sameType(lhs) : nullptr;
  case OpKind::Div:
    return isSplatOf(rhs, 1) ? sameType(lhs) : nullptr;
  case OpKind::Neg: {
    const Operation *def = lhs->definingOp();
    return def && def->kind() == OpKind::Neg ? sameType(def->operand(0)) : nullptr;
  }
  case OpKind::Reshape: {
    // reshape(reshape(x)) back to x's own type is x.
    const Operation *def = lhs->definingOp();
    if (def && def->kind() == OpKind::Reshape && sameType(def->operand(0)))
      return def->operand(0);
    return sameType(lhs);
  }
  case OpKind::Cast:
  case OpKind::Broadcast:
    return sameType(lhs);
  case OpKind::Transpose:
    if (!isIdentityPermutation(ir::TransposeAdaptor(op).perm(), lhs->type().rank()))
      return nullptr;
    return sameType(lhs);
  default:
    return nullptr;
  }
}

class Canonicalizer {
public:
  explicit Canonicalizer(ir::Graph &graph) : graph_(graph) {}

  /// One forward sweep over the graph; true when it changed anything.
  bool sweep() {
    replacements_.clear();
    replaced_.clear();
    for (unsigned i = 0; i < graph_.ops().size(); ++i) {
      Operation &op = *graph_.ops()[i];
      for (unsigned j = 0; j < op.numOperands(); ++j)
        if (Value *to = replacements_.lookup(op.operand(j)))
          graph_.setOperand(op, j, to);
      if (op.numResults() != 1)
        continue;
      if (Value *v = equivalentValue(op)) {
        replace(op, v);
        continue;
      }
      std::optional<ir::OperationState> state = replacementOp(op);
      if (!state)
        continue;
      // The new op goes right before the old one, which moves to i + 1 and
      // is skipped.
      Operation *created = graph_.insertOp(i, std::move(*state));
      replace(op, created->result());
      ++i;
    }
    if (replaced_.empty())
      return false;
    replaceGraphResultUses(graph_, replacements_);
    graph_.eraseOps([&](const Operation &op) { return replaced_.count(&op) != 0; });
    return true;
  }

private:
  void replace(const Operation &op, Value *with) {
    replacements_[op.result()] = with;
    replaced_.insert(&op);
  }

  /// A new op that computes `op`'s result more simply, or nullopt.
  std::optional<ir::OperationState> replacementOp(const Operation &op) {
    if (std::optional<ir::Attribute> folded = foldConstantOp(op))
      return constLike(op, std::move(*folded));
    const TensorType &type = op.result()->type();
    if (op.kind() == OpKind::Reshape) {
      const Operation *def = op.operand(0)->definingOp();
      if (!def || def->kind() != OpKind::Reshape)
        return std::nullopt;
      ir::OperationState state = like(op, OpKind::Reshape, {});
      addOperand(state, def->operand(0), def->operandLoc(0), def->domainLoc(0));
      return state;
    }
    if (op.kind() == OpKind::Mul && isIntegerType(type) &&
        (isSplatOf(op.operand(0), 0) || isSplatOf(op.operand(1), 0))) {
      std::optional<int64_t> count = type.numElements();
      if (count && *count <= kMaxFoldedElements)
        return constLike(op, splatAttribute(type.dtype(), 0));
    }
    return std::nullopt;
  }

  /// An op of `kind` with `op`'s result name, type and locations, no operands yet.
  ir::OperationState like(const Operation &op, OpKind kind, std::vector<ir::NamedAttribute> attrs) {
    ir::OperationState state{kind, op.loc(), {}, {}, {}, {}, std::move(attrs), {}, {}, {}};
    const Value *result = op.result();
    state.results.push_back(graph_.createValue(result->name(), result->loc()));
    state.codomain.push_back(result->type());
    state.codomainLocs.push_back(op.codomainLoc(0));
    return state;
  }

  ir::OperationState constLike(const Operation &op, ir::Attribute value) {
    std::vector<ir::NamedAttribute> attrs;
    attrs.push_back({"value", std::move(value), llvm::SMLoc()});
    return like(op, OpKind::Const, std::move(attrs));
  }

  static void addOperand(ir::OperationState &state, Value *v, llvm::SMLoc loc,
                         llvm::SMLoc typeLoc) {
    state.operands.push_back(v);
    state.operandLocs.push_back(loc);
    state.domain.push_back(v->type());
    state.domainLocs.push_back(typeLoc);
  }

  ir::Graph &graph_;
  llvm::DenseMap<const Value *, Value *> replacements_;
  llvm::DenseSet<const Operation *> replaced_;
};

} // namespace

bool CanonicalizePass::run(ir::Module &module, PassContext &context) {
  for (const auto &graph : module.graphs()) {
    Canonicalizer canonicalizer(*graph);
    bool changed = false;
    // Each sweep that changes something removes a non-const op or a
    // reshape-of-reshape, so this ends.
    while (canonicalizer.sweep())
      changed = true;
    if (changed)
      context.memoryPlans.erase(graph.get());
  }
  return true;
}

} // namespace thymos::passes
