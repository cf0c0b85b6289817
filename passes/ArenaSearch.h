//===- ArenaSearch.h - Exact search for an arena within a capacity ---------===//
//
// The memory planner's strongest part: a complete branch and bound over
// canonical plans that either finds offsets with every buffer inside a given
// capacity or proves that none exist. Repeated at lower and lower capacities
// it minimizes the arena, and a proof raises the lower bound.
//
// The search follows the published design of MiniMalloc (Moffitt, ASPLOS
// 2023): buffers are placed in non-decreasing offset order, each at the
// lowest offset its placed neighbours leave it (every plan can be pushed
// down into this form without growing); a node is pruned when some time
// section's unplaced bytes cannot fit above its floor, when it would leave a
// gap a smaller buffer could have filled (dominance), and a buffer that
// nothing unplaced conflicts with is never tried in another position.
// Three static orders break ties between equal offsets, tried in turn with
// doubling node limits, since each one is fast on different instances.
//
//===----------------------------------------------------------------------===//
#pragma once

#include "passes/BufferConflicts.h"
#include "passes/MemoryPlanner.h"

#include <chrono>
#include <cstdint>
#include <limits>
#include <optional>
#include <vector>

namespace thymos::passes {

/// What a search may spend. `work` counts the buffers and sections examined,
/// which tracks time closely and keeps a budgeted plan reproducible;
/// a deadline is for tools that trade reproducibility for a time limit.
struct SearchBudget {
  int64_t work = std::numeric_limits<int64_t>::max();
  std::optional<std::chrono::steady_clock::time_point> deadline;
  int64_t used = 0;

  bool exhausted() const;
};

/// Half of what is left of `budget` (work and time), to be added back to
/// its `used` by the caller: so that what comes after still gets a share.
SearchBudget halfOf(const SearchBudget &budget);

enum class SearchOutcome {
  Found,      ///< offsets within the capacity
  Infeasible, ///< proven: no plan fits the capacity
  Stopped,    ///< the budget ran out first
};

/// Runs the search at successively lower capacities, starting from a valid
/// plan (`offsets`, `arena`), and replaces it whenever a smaller one is found.
/// On return `provenBound` is the largest capacity proven necessary: the
/// live-bytes bound, raised by every capacity the search proved infeasible.
/// Requires checkPlannerInput to pass.
void minimizeArena(const std::vector<PlannerBuffer> &buffers, const ConflictGraph &graph,
                   int64_t alignment, SearchBudget &budget, std::vector<int64_t> &offsets,
                   int64_t &arena, int64_t &provenBound);

/// One decision: offsets with every buffer inside [0, capacity), or a proof
/// that there are none, or Stopped. Exposed for tests.
SearchOutcome fitArena(const std::vector<PlannerBuffer> &buffers, const ConflictGraph &graph,
                       int64_t alignment, int64_t capacity, SearchBudget &budget,
                       std::vector<int64_t> &offsets);

} // namespace thymos::passes
