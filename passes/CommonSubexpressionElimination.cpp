//===- CommonSubexpressionElimination.cpp - Merge ops computing one value ---===//
//
// Two ops compute the same value when they have the same kind, the same
// operands (in order, or in either order for Commutative ops), equal
// attributes and the same domain and codomain: ops have no side effects and
// read nothing but their operands. `const` ops fall out of the same rule
// (no operands, equal `value` and codomain). The later op's results are
// replaced by the earlier op's, and the later op is erased.
//
// One forward sweep with a hash map keyed by a structural hash keeps this
// linear on 100,000-op graphs: operands are renamed to their surviving
// values before an op is hashed, so chains of duplicates collapse in the
// same sweep, and uses are rewritten with setOperand rather than one
// replaceAllUsesWith (a whole-graph scan) per merged op.
//
// Attributes are compared as written: `transpose_b = false` and an absent
// `transpose_b` are different lists, so such ops are not merged.
//
//===----------------------------------------------------------------------===//

#include "passes/BuiltinPassDecls.h"

#include "llvm/ADT/DenseSet.h"
#include "llvm/ADT/Hashing.h"
#include "llvm/ADT/SmallVector.h"

#include <algorithm>
#include <cstring>
#include <unordered_map>

namespace thymos::passes {

namespace {

using ir::Attribute;
using ir::Operation;
using ir::TensorType;
using ir::Value;

/// An operand with the type the op declares for it.
struct TypedOperand {
  const Value *value;
  const TensorType *type;
};

/// What decides whether two ops compute the same value, in a canonical order.
struct OpKey {
  const Operation *op;
  llvm::SmallVector<TypedOperand, 2> operands; // sorted for Commutative ops
  llvm::SmallVector<const ir::NamedAttribute *, 2> attrs; // sorted by name
};

OpKey makeKey(const Operation &op) {
  OpKey key{&op, {}, {}};
  for (unsigned i = 0; i < op.numOperands(); ++i)
    key.operands.push_back({op.operand(i), &op.domain()[i]});
  // For a commutative op, any fixed order of the operands will do: both ops
  // of a pair get the same one.
  if (op.info().hasTrait(ir::Commutative))
    std::stable_sort(key.operands.begin(), key.operands.end(),
                     [](const TypedOperand &a, const TypedOperand &b) {
                       return std::less<const Value *>()(a.value, b.value);
                     });
  for (const ir::NamedAttribute &attr : op.attrs())
    key.attrs.push_back(&attr);
  std::stable_sort(key.attrs.begin(), key.attrs.end(),
                   [](const ir::NamedAttribute *a, const ir::NamedAttribute *b) {
                     return a->name < b->name;
                   });
  return key;
}

llvm::hash_code hashDouble(double v) {
  uint64_t bits;
  std::memcpy(&bits, &v, sizeof bits);
  return llvm::hash_value(bits);
}

llvm::hash_code hashAttribute(const Attribute &a) {
  llvm::hash_code h = llvm::hash_combine(static_cast<unsigned>(a.form()), a.isIntegral());
  switch (a.form()) {
  case Attribute::Form::Integer: return llvm::hash_combine(h, a.asInteger());
  case Attribute::Form::Float: return llvm::hash_combine(h, hashDouble(a.asFloat()));
  case Attribute::Form::Bool: return llvm::hash_combine(h, a.asBool());
  case Attribute::Form::String: return llvm::hash_combine(h, a.asString());
  case Attribute::Form::Array:
    h = llvm::hash_combine(h, llvm::hash_combine_range(a.arrayShape().begin(),
                                                       a.arrayShape().end()));
    for (double v : a.arrayValues())
      h = llvm::hash_combine(h, hashDouble(v));
    return h;
  }
  return h;
}

llvm::hash_code hashType(const TensorType &t) {
  return llvm::hash_combine(static_cast<unsigned>(t.dtype()),
                            llvm::hash_combine_range(t.dims().begin(), t.dims().end()));
}

size_t hashKey(const OpKey &key) {
  llvm::hash_code h = llvm::hash_value(static_cast<unsigned>(key.op->kind()));
  for (const TypedOperand &operand : key.operands)
    h = llvm::hash_combine(h, operand.value, hashType(*operand.type));
  for (const ir::NamedAttribute *attr : key.attrs)
    h = llvm::hash_combine(h, llvm::StringRef(attr->name), hashAttribute(attr->value));
  for (const Value *result : key.op->results())
    h = llvm::hash_combine(h, hashType(result->type()));
  return static_cast<size_t>(h);
}

bool sameValue(const OpKey &a, const OpKey &b) {
  const Operation &x = *a.op, &y = *b.op;
  if (x.kind() != y.kind() || a.operands.size() != b.operands.size() ||
      a.attrs.size() != b.attrs.size() || x.numResults() != y.numResults())
    return false;
  for (size_t i = 0; i < a.operands.size(); ++i)
    if (a.operands[i].value != b.operands[i].value || *a.operands[i].type != *b.operands[i].type)
      return false;
  for (size_t i = 0; i < a.attrs.size(); ++i)
    if (a.attrs[i]->name != b.attrs[i]->name || a.attrs[i]->value != b.attrs[i]->value)
      return false;
  for (unsigned i = 0; i < x.numResults(); ++i)
    if (x.result(i)->type() != y.result(i)->type())
      return false;
  return true;
}

/// Merges duplicate ops of `graph`; true when there were any.
bool eliminateCommonSubexpressions(ir::Graph &graph) {
  // Ops that survive, bucketed by structural hash; a bucket rarely holds
  // more than one op.
  std::unordered_map<size_t, llvm::SmallVector<OpKey, 1>> seen;
  seen.reserve(graph.ops().size());
  llvm::DenseMap<const Value *, Value *> replacements;
  llvm::DenseSet<const Operation *> erased;
  for (const auto &opPtr : graph.ops()) {
    Operation &op = *opPtr;
    for (unsigned i = 0; i < op.numOperands(); ++i)
      if (Value *to = replacements.lookup(op.operand(i)))
        graph.setOperand(op, i, to);
    // An op without results defines nothing another op could reuse.
    if (op.numResults() == 0)
      continue;
    OpKey key = makeKey(op);
    auto &bucket = seen[hashKey(key)];
    auto match = std::find_if(bucket.begin(), bucket.end(),
                              [&](const OpKey &earlier) { return sameValue(earlier, key); });
    if (match == bucket.end()) {
      bucket.push_back(std::move(key));
      continue;
    }
    for (unsigned i = 0; i < op.numResults(); ++i)
      replacements[op.result(i)] = match->op->result(i);
    erased.insert(&op);
  }
  if (erased.empty())
    return false;
  replaceGraphResultUses(graph, replacements);
  graph.eraseOps([&](const Operation &op) { return erased.count(&op) != 0; });
  return true;
}

} // namespace

bool CommonSubexpressionEliminationPass::run(ir::Module &module, PassContext &context) {
  for (const auto &graph : module.graphs())
    if (eliminateCommonSubexpressions(*graph))
      context.memoryPlans.erase(graph.get());
  return true;
}

} // namespace thymos::passes
