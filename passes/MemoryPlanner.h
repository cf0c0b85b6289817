//===- MemoryPlanner.h - Static offset assignment for planned buffers ------===//
//
// Given buffers with known lifetimes and sizes, choose an offset for each so
// that buffers alive at the same time never overlap, and the arena (the
// largest offset + size) is small. The quality yardstick is the lower bound:
// the largest total size of buffers alive at one step.
//
// Plain C++17 (no LLVM, no fmt) so that tools, benchmarks and tests can use it
// without the rest of the compiler. In-place reuse (one tensor overwriting
// another) is decided by the caller, which merges such buffers beforehand.
//
//===----------------------------------------------------------------------===//
#pragma once

#include <cstdint>
#include <string>
#include <vector>

namespace thymos::passes {

/// One buffer: live over the half-open step range [lower, upper), `size` bytes.
struct PlannerBuffer {
  int64_t id = 0;
  int64_t lower = 0;
  int64_t upper = 0;
  int64_t size = 0;
};

struct PlannerOptions {
  /// Every offset is a multiple of this. Sizes are not padded: a buffer may
  /// end anywhere, the next one starts at the next multiple.
  int64_t alignment = 1;
  /// 0: greedy-by-size only (fast, the paper's heuristic). N > 0: a portfolio
  /// of greedy orderings, then N rounds of iterated local search, then the
  /// exact search (ArenaSearch.h) for smaller arenas, its work budget
  /// proportional to N. The plan depends only on the input and the options.
  int64_t effort = 0;
  /// Seeds the local search; a given (input, options) always gives the same plan.
  uint64_t seed = 1;
  /// > 0: the exact search runs until the arena is proven minimal or this
  /// many seconds (from the start of planning) have passed, with no work
  /// budget; the plan then depends on the machine's speed.
  double timeLimitSeconds = 0;
};

struct MemoryPlan {
  std::vector<int64_t> offsets; ///< parallel to the input buffers
  int64_t arenaBytes = 0;       ///< max over buffers of offset + size
  int64_t lowerBoundBytes = 0;  ///< max over steps of the live bytes
  /// No valid plan is smaller: the lower bound, raised by every capacity the
  /// exact search proved too small. The arena is optimal when they are equal.
  int64_t provenBoundBytes = 0;
  std::string method;           ///< which heuristic produced the plan
};

/// Empty when the buffers can be planned; otherwise why not (lower >= upper,
/// a negative size, alignment < 1, totals that could overflow 64 bits).
std::string checkPlannerInput(const std::vector<PlannerBuffer> &buffers, int64_t alignment);

/// Max over steps of the sum of sizes live at that step.
int64_t computeLowerBound(const std::vector<PlannerBuffer> &buffers);

/// Greedy by size (Pisarchyk & Lee, 2020): largest buffer first, each into the
/// smallest gap between already placed, time-overlapping buffers that fits it,
/// else above all of them. Requires checkPlannerInput to pass.
MemoryPlan planGreedyBySize(const std::vector<PlannerBuffer> &buffers, int64_t alignment);

/// Greedy-by-size when effort and time limit are 0, the strong search
/// otherwise (never worse than greedy-by-size). Requires checkPlannerInput.
MemoryPlan planMemory(const std::vector<PlannerBuffer> &buffers, const PlannerOptions &options);

/// Empty when `offsets` is a valid plan: one per buffer, aligned, non-negative,
/// inside [0, arenaBytes), and no two buffers that share a step share a byte.
/// Otherwise a message naming the first problem found.
std::string validateMemoryPlan(const std::vector<PlannerBuffer> &buffers,
                               const std::vector<int64_t> &offsets, int64_t alignment,
                               int64_t arenaBytes);

} // namespace thymos::passes
