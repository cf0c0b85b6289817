//===- PlanMemory.cpp - Schedule, liveness and arena offsets for one graph ---===//

#include "passes/PlanMemory.h"

#include "ir/OpInfo.h"

#include <algorithm>

namespace thymos::passes {

using namespace ir;

namespace {

/// The operands whose buffer the result of `op` may take over: any, for an
/// InPlaceSafe op; operand 0 only for one that rewrites part of it
/// (ir/OpBase.td). The plan loader enforces the same traits.
unsigned inPlaceCandidates(const Operation &op) {
  if (op.info().hasTrait(OpTrait::InPlaceSafe))
    return op.numOperands();
  if (op.info().hasTrait(OpTrait::UpdatesFirstOperand))
    return 1;
  return 0;
}

/// Updates whose value rewrites part of the state's own old value, read by
/// nothing else: the op can write into the state directly.
llvm::DenseMap<const Value *, const StateDecl *> findInPlaceStateWrites(const Graph &graph) {
  llvm::DenseMap<const Value *, const StateDecl *> inState;
  llvm::DenseMap<const Value *, unsigned> uses = graph.useCounts();
  for (const Graph::StateUpdate &u : graph.updates()) {
    const Operation *def = u.value->definingOp();
    if (!def || !def->info().hasTrait(OpTrait::UpdatesFirstOperand))
      continue;
    const Value *old = def->operand(0);
    if (old->readsState() == u.state && uses.lookup(old) == 1)
      inState[u.value] = u.state;
  }
  return inState;
}

} // namespace

GraphMemoryPlan planGraphMemory(const Graph &graph, const PlannerOptions &options) {
  GraphMemoryPlan plan;
  for (const auto &op : graph.ops())
    if (!op->info().hasTrait(OpTrait::StoredData))
      plan.schedule.push_back(op.get());
  const int64_t numSteps = static_cast<int64_t>(plan.schedule.size());
  plan.inState = findInPlaceStateWrites(graph);

  // Lifetimes: [definition step, last use + 1); arguments from step 0.
  llvm::DenseMap<const Value *, int64_t> lastUse;
  for (int64_t step = 0; step < numSteps; ++step)
    for (const Value *operand : plan.schedule[step]->operands())
      lastUse[operand] = step;
  llvm::DenseMap<const Value *, bool> returned;
  // Returned values and new state values must survive the last step.
  for (const Value *v : graph.returnValues())
    returned[v] = true;
  for (const Graph::StateUpdate &u : graph.updates())
    returned[u.value] = true;

  auto addBuffer = [&](const Value *v, int64_t lower) {
    int64_t upper = lower + 1;
    if (auto it = lastUse.find(v); it != lastUse.end())
      upper = std::max(upper, it->second + 1);
    if (returned.count(v))
      upper = std::max(upper, std::max<int64_t>(numSteps, lower + 1));
    unsigned index = static_cast<unsigned>(plan.buffers.size());
    plan.buffers.push_back(
        {index, lower, upper, v->type().storageBytes().value_or(0)});
    plan.bufferValues.push_back({v});
    plan.bufferOf[v] = index;
  };

  // Arguments are written once by the caller and may be read by every run of
  // the entry (thymos-run --repeat): they live through the whole graph.
  for (const Value *arg : graph.arguments()) {
    addBuffer(arg, 0);
    PlannerBuffer &buffer = plan.buffers.back();
    buffer.upper = std::max<int64_t>(buffer.upper, std::max<int64_t>(numSteps, 1));
  }
  for (int64_t step = 0; step < numSteps; ++step) {
    const Operation &op = *plan.schedule[step];
    const Value *result = op.result();
    if (plan.inState.count(result))
      continue;
    if (unsigned candidates = inPlaceCandidates(op)) {
      for (const Value *operand : op.operands().take_front(candidates)) {
        auto it = plan.bufferOf.find(operand);
        if (it == plan.bufferOf.end() || operand->isArgument() || returned.count(operand) ||
            lastUse.lookup(operand) != step || operand->type() != result->type())
          continue;
        // The result takes over the operand's buffer from this step on. (The
        // index is copied: inserting the result may grow the map under `it`.)
        const unsigned index = it->second;
        PlannerBuffer &buffer = plan.buffers[index];
        int64_t upper = step + 1;
        if (auto use = lastUse.find(result); use != lastUse.end())
          upper = std::max(upper, use->second + 1);
        if (returned.count(result))
          upper = std::max(upper, numSteps);
        buffer.upper = std::max(buffer.upper, upper);
        plan.bufferOf[result] = index;
        plan.bufferValues[index].push_back(result);
        ++plan.inPlaceReuses;
        break;
      }
    }
    if (!plan.bufferOf.count(result))
      addBuffer(result, step);
  }

  MemoryPlan placed = planMemory(plan.buffers, options);
  plan.offsets = std::move(placed.offsets);
  plan.arenaBytes = placed.arenaBytes;
  plan.lowerBoundBytes = placed.lowerBoundBytes;
  plan.provenBoundBytes = placed.provenBoundBytes;
  plan.method = std::move(placed.method);
  return plan;
}

} // namespace thymos::passes
