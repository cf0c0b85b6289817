//===- BuiltinPasses.cpp - The passes every thymosc has ---------------------===//

#include "passes/BuiltinPassDecls.h"
#include "passes/FuseElementwise.h"
#include "passes/PassRegistry.h"
#include "passes/Verifier.h"

#include <cassert>

namespace thymos::passes {

namespace {

/// Plans every graph's arena (passes/PlanMemory.h) and keeps the plans in the
/// context for code generation.
class PlanMemoryPass final : public Pass {
public:
  llvm::StringRef name() const override { return "plan-memory"; }
  llvm::StringRef description() const override {
    return "Assign every intermediate tensor an offset in one arena";
  }
  bool run(ir::Module &module, PassContext &context) override {
    for (const auto &graph : module.graphs())
      context.memoryPlans[graph.get()] = planGraphMemory(*graph, context.planner);
    return true;
  }
};

} // namespace

void registerBuiltinPasses(PassRegistry &registry) {
  std::string error;
  bool ok = registry.add<VerifierPass>(error);
  ok &= registry.add<FuseElementwisePass>(error);
  ok &= registry.add<PlanMemoryPass>(error);
  ok &= registry.add<CanonicalizePass>(error);
  ok &= registry.add<CommonSubexpressionEliminationPass>(error);
  ok &= registry.add<DeadCodeEliminationPass>(error);
  assert(ok && "built-in pass names are unique");
  (void)ok;
}

} // namespace thymos::passes
