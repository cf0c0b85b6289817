//===- PlanMemory.h - Schedule, liveness and arena offsets for one graph -----===//
//
// The schedule is the graph's op order (already topological: SSA forbids use
// before definition) without `const` ops, whose results become plan
// constants. Each value computed at run time gets a lifetime [first step,
// last step + 1) over the schedule. Graph arguments live through the whole
// graph, since repeated runs read them again; returned values and new state
// values live to the end. State reads live in the state buffer, not the
// arena. An elementwise op (or reshape) whose operand dies at that op and has
// the result's exact type writes over it: the two values share a buffer.
// An op that rewrites part of its operand 0 (UpdatesFirstOperand: a KV cache
// write) whose operand 0 is a state read used by nothing else, and whose
// result is that state's update, writes into the state itself: the result
// gets no arena buffer and the update copies nothing.
// Graph arguments are never overwritten. Buffers then get offsets from the
// memory planner.
//
//===----------------------------------------------------------------------===//
#pragma once

#include "ir/Module.h"
#include "passes/MemoryPlanner.h"

#include "llvm/ADT/DenseMap.h"

#include <string>
#include <vector>

namespace thymos::passes {

struct GraphMemoryPlan {
  /// Ops that become steps, in execution order.
  std::vector<const ir::Operation *> schedule;
  /// Buffer index of every value that lives in the arena.
  llvm::DenseMap<const ir::Value *, unsigned> bufferOf;
  /// Results written in place into a state (see above): they live in the
  /// state's buffer and their updates are no copies.
  llvm::DenseMap<const ir::Value *, const ir::StateDecl *> inState;
  std::vector<PlannerBuffer> buffers;
  /// Values sharing each buffer, for reports and pictures.
  std::vector<std::vector<const ir::Value *>> bufferValues;
  std::vector<int64_t> offsets;
  int64_t arenaBytes = 0;
  int64_t lowerBoundBytes = 0;
  int64_t provenBoundBytes = 0; ///< see MemoryPlan
  std::string method;
  unsigned inPlaceReuses = 0;
};

/// Plans `graph`, which must have been verified. Offsets are multiples of
/// `options.alignment`.
GraphMemoryPlan planGraphMemory(const ir::Graph &graph, const PlannerOptions &options);

} // namespace thymos::passes
