//===- Lowering.h - A verified module to a CPU plan ---------------------------===//
//
// Each graph becomes an entry: its arguments are arena tensors the caller
// fills, `const` results become constant data, every other op becomes a step
// whose kernel is the op's CPU kernel, with attributes normalised into the
// params of runtime/cpu/Kernels.h. Graphs are planned separately and share
// one arena, sized for the largest.
//
//===----------------------------------------------------------------------===//
#pragma once

#include "codegen/PlanModel.h"
#include "codegen/Target.h"
#include "ir/Diagnostics.h"
#include "ir/Module.h"
#include "passes/Pass.h"
#include "passes/PlanMemory.h"

#include <string>
#include <vector>

namespace thymos::codegen {

struct GraphLowering {
  const ir::Graph *graph;
  passes::GraphMemoryPlan memory;
};

/// Fills `model`; false (with diagnostics) when something cannot be lowered,
/// including a step that `target` cannot run. Uses the memory plans of a
/// `plan-memory` pass when the context has them, else plans each graph with
/// the context's planner options. Front ends compile through
/// codegen/Compiler.h, which runs the target's pipeline first.
bool lowerModule(const ir::Module &module, passes::PassContext &context, PlanModel &model,
                 std::vector<GraphLowering> &graphs, const Target &target = cpuTarget());

/// The params an op's kernel expects (runtime/cpu/Kernels.h).
std::vector<int64_t> kernelParams(const ir::Operation &op);

} // namespace thymos::codegen
