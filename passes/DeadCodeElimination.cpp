//===- DeadCodeElimination.cpp - Remove ops nothing uses --------------------===//
//
// An op is dead when none of its results is used by a live op, by `return` or
// by an `update`. Ops have no side effects (state is written only by
// `update`), so a dead op can go.
//
// One backward sweep reaches the fixed point that "remove unused ops until
// nothing changes" would: a graph is straight-line SSA, so every use of an
// op's results comes later in the list. Walking from the last op to the first
// with use counts, each op is decided after all of its users; removing it
// lowers its operands' counts before their definitions are reached. So the
// sweep is linear, and a second one would find nothing.
//
// Arguments and state reads are not ops: an unused one stays, since it is
// part of the graph's signature.
//
//===----------------------------------------------------------------------===//

#include "passes/BuiltinPassDecls.h"

#include "llvm/ADT/DenseSet.h"

namespace thymos::passes {

namespace {

/// Erases the dead ops of `graph`; true when there were any.
bool eliminateDeadOps(ir::Graph &graph) {
  llvm::DenseMap<const ir::Value *, unsigned> uses = graph.useCounts();
  llvm::DenseSet<const ir::Operation *> dead;
  const auto &ops = graph.ops();
  for (auto it = ops.rbegin(); it != ops.rend(); ++it) {
    const ir::Operation &op = **it;
    // An op without results is kept: it cannot be unused in a way that
    // matters, and the verifier reports it anyway.
    if (op.numResults() == 0)
      continue;
    bool used = false;
    for (const ir::Value *result : op.results())
      used |= uses.lookup(result) != 0;
    if (used)
      continue;
    dead.insert(&op);
    for (const ir::Value *operand : op.operands())
      --uses[operand];
  }
  if (dead.empty())
    return false;
  graph.eraseOps([&](const ir::Operation &op) { return dead.count(&op) != 0; });
  return true;
}

} // namespace

bool DeadCodeEliminationPass::run(ir::Module &module, PassContext &context) {
  for (const auto &graph : module.graphs())
    if (eliminateDeadOps(*graph))
      context.memoryPlans.erase(graph.get());
  return true;
}

} // namespace thymos::passes
