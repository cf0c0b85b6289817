//===- ArenaSearch.cpp - Exact search for an arena within a capacity -------===//
//
// State of one search, all undone on backtrack through trails:
//   - floor: per unplaced buffer, the lowest offset its placed neighbours
//     leave it (aligned), the only offset a canonical plan may give it;
//   - per time section (the steps between two consecutive lifetime ends):
//     the height below which nothing unplaced can go, and the bytes of the
//     unplaced buffers live there. Every section must hold its unplaced
//     bytes between its height and the capacity: that is the inference
//     that prunes most of the tree.
//
//===----------------------------------------------------------------------===//

#include "passes/ArenaSearch.h"

#include "runtime/CheckedSize.h"

#include <algorithm>
#include <array>
#include <functional>
#include <numeric>
#include <tuple>

namespace thymos::passes {

bool SearchBudget::exhausted() const {
  return used >= work || (deadline && std::chrono::steady_clock::now() >= *deadline);
}

SearchBudget halfOf(const SearchBudget &budget) {
  SearchBudget half;
  if (budget.work != std::numeric_limits<int64_t>::max())
    half.work = std::max<int64_t>(1, (budget.work - budget.used) / 2);
  if (budget.deadline) {
    auto now = std::chrono::steady_clock::now();
    half.deadline = now + std::max(std::chrono::steady_clock::duration::zero(),
                                   (*budget.deadline - now) / 2);
  }
  return half;
}

namespace {

using Index = BufferIndex;

// The time axis cut at every lifetime end. Buffers of size 0 take no part.
struct Sections {
  std::vector<std::pair<int32_t, int32_t>> span; // per buffer: [first, last) section
  std::vector<size_t> begin;                     // members of s: [begin[s], begin[s+1])
  std::vector<Index> members;
  std::vector<Index> active; // buffers with bytes

  explicit Sections(const std::vector<PlannerBuffer> &buffers) {
    std::vector<int64_t> times;
    for (const PlannerBuffer &b : buffers)
      if (b.size > 0) {
        times.push_back(b.lower);
        times.push_back(b.upper);
      }
    std::sort(times.begin(), times.end());
    times.erase(std::unique(times.begin(), times.end()), times.end());
    auto at = [&](int64_t t) {
      return int32_t(std::lower_bound(times.begin(), times.end(), t) - times.begin());
    };
    size_t count = times.empty() ? 0 : times.size() - 1;
    span.assign(buffers.size(), {0, 0});
    begin.assign(count + 1, 0);
    for (size_t i = 0; i < buffers.size(); ++i) {
      if (buffers[i].size == 0)
        continue;
      active.push_back(Index(i));
      span[i] = {at(buffers[i].lower), at(buffers[i].upper)};
      for (int32_t s = span[i].first; s < span[i].second; ++s)
        ++begin[size_t(s) + 1];
    }
    for (size_t s = 0; s < count; ++s)
      begin[s + 1] += begin[s];
    members.resize(begin[count]);
    std::vector<size_t> fill(begin.begin(), begin.end() - 1);
    for (Index i : active)
      for (int32_t s = span[i].first; s < span[i].second; ++s)
        members[fill[size_t(s)]++] = i;
  }

  size_t count() const { return begin.size() - 1; }
};

// How buffers at equal offsets are ordered, lower rank first: by lifetime
// (Width), bytes x steps (Area) and the most unplaced bytes in any section
// of its lifetime (Total, the contention it meets), in three priorities.
// Long-lived, large and contended buffers first: they are the ones a plan at
// the bound must settle early. Each order decides some instances fast that
// the others do not, hence round robin over all three.
enum class TieBreak { WidthAreaTotal, TotalAreaWidth, TotalWidthArea };
constexpr std::array<TieBreak, 3> kTieBreaks = {
    TieBreak::WidthAreaTotal, TieBreak::TotalAreaWidth, TieBreak::TotalWidthArea};

class Search {
public:
  Search(const std::vector<PlannerBuffer> &buffers, const ConflictGraph &graph,
         const Sections &sections, TieBreak tieBreak, int64_t alignment, int64_t capacity,
         int64_t nodeLimit, SearchBudget &budget)
      : buffers_(buffers), graph_(graph), sections_(sections), tieBreak_(tieBreak),
        rank_(buffers.size(), 0),
        alignment_(alignment), capacity_(capacity), nodeLimit_(nodeLimit), budget_(budget),
        offset_(buffers.size(), -1), floor_(buffers.size(), 0),
        unplacedNeighbors_(buffers.size(), 0), sectionFloor_(sections.count(), 0),
        sectionBytes_(sections.count(), 0), sectionStamp_(sections.count(), 0),
        crossing_(sections.count(), 0), solution_(buffers.size(), 0) {
    for (Index i : sections.active) {
      unplacedNeighbors_[i] = int32_t(graph.begin[i + 1] - graph.begin[i]);
      for (int32_t s = sections.span[i].first; s < sections.span[i].second; ++s)
        sectionBytes_[size_t(s)] += buffers[i].size;
      for (int32_t s = sections.span[i].first; s + 1 < sections.span[i].second; ++s)
        ++crossing_[size_t(s)];
    }
  }

  SearchOutcome run(std::vector<int64_t> &offsets) {
    for (int64_t bytes : sectionBytes_)
      if (bytes > capacity_)
        return SearchOutcome::Infeasible;
    Part all{sections_.active, 0, int32_t(sections_.count())};
    std::vector<int32_t> cuts;
    for (int32_t s = 0; s + 1 < int32_t(sections_.count()); ++s)
      if (crossing_[size_t(s)] == 0)
        cuts.push_back(s + 1);
    switch (solveParts(all, cuts)) {
    case Result::Found:
      offsets = solution_;
      return SearchOutcome::Found;
    case Result::Exhausted:
      return SearchOutcome::Infeasible;
    case Result::Stopped:
      break;
    }
    return SearchOutcome::Stopped;
  }

private:
  enum class Result { Found, Exhausted, Stopped };

  // Unplaced buffers that share no step with any other part's: a part's
  // plan never constrains another's, so each is searched on its own, and a
  // failure in one never makes the search try the other's alternatives.
  struct Part {
    std::vector<Index> buffers; // may include placed ones, skipped
    int32_t first, last;        // its sections: [first, last)
  };

  /// Solves the pieces of `part` between the section boundaries `cuts`
  /// (unsorted), one after another; each is canonical on its own.
  Result solveParts(const Part &part, std::vector<int32_t> cuts) {
    std::sort(cuts.begin(), cuts.end());
    cuts.push_back(part.last);
    int32_t first = part.first;
    for (int32_t cut : cuts) {
      Part piece{{}, first, cut};
      for (Index i : part.buffers)
        if (offset_[i] < 0 && sections_.span[i].first < cut && sections_.span[i].second > first)
          piece.buffers.push_back(i);
      first = cut;
      if (piece.buffers.empty())
        continue;
      // Each part is ranked afresh: what contends for a section changes as
      // the search places buffers. The enclosing part's ranks come back after.
      std::vector<int32_t> saved;
      for (Index i : piece.buffers)
        saved.push_back(rank_[i]);
      rankPart(piece);
      Result result = visit(piece, 0, -1);
      for (size_t k = 0; k < piece.buffers.size(); ++k)
        rank_[piece.buffers[k]] = saved[k];
      if (result != Result::Found)
        return result;
    }
    return Result::Found;
  }

  void rankPart(Part &part) {
    auto width = [&](Index i) { return buffers_[i].upper - buffers_[i].lower; };
    std::vector<std::tuple<double, double, double, Index>> keys;
    budget_.used += int64_t(part.buffers.size());
    for (Index i : part.buffers) {
      int64_t total = 0;
      for (int32_t s = sections_.span[i].first; s < sections_.span[i].second; ++s)
        total = std::max(total, sectionBytes_[size_t(s)]);
      budget_.used += sections_.span[i].second - sections_.span[i].first;
      double w = -double(width(i)), a = -double(buffers_[i].size) * double(width(i)),
             t = -double(total);
      switch (tieBreak_) {
      case TieBreak::WidthAreaTotal:
        keys.emplace_back(w, a, t, i);
        break;
      case TieBreak::TotalAreaWidth:
        keys.emplace_back(t, a, w, i);
        break;
      case TieBreak::TotalWidthArea:
        keys.emplace_back(t, w, a, i);
        break;
      }
    }
    std::sort(keys.begin(), keys.end());
    for (size_t r = 0; r < keys.size(); ++r)
      rank_[std::get<3>(keys[r])] = int32_t(r);
  }

  Result visit(const Part &part, int64_t last, int32_t lastRank) {
    budget_.used += int64_t(part.buffers.size());
    if (++nodes_ > nodeLimit_ || budget_.used >= budget_.work ||
        (nodes_ % 256 == 0 && budget_.deadline &&
         std::chrono::steady_clock::now() >= *budget_.deadline))
      return Result::Stopped;

    size_t base = candidates_.size();
    int64_t minHeight = std::numeric_limits<int64_t>::max();
    bool anyUnplaced = false;
    for (Index i : part.buffers) {
      if (offset_[i] >= 0)
        continue;
      anyUnplaced = true;
      int64_t floor = floor_[i], height = floor + buffers_[i].size;
      minHeight = std::min(minHeight, height);
      if (height > capacity_)
        return dropCandidates(base);
      if (floor < last || (floor == last && rank_[i] < lastRank)) {
        // Below the sweep: only a neighbour placed later can lift it.
        if (unplacedNeighbors_[i] == 0)
          return dropCandidates(base);
        continue;
      }
      candidates_.push_back(i);
    }
    if (!anyUnplaced)
      return Result::Found;
    // Dominance: a buffer placed at or above where another could already
    // end would leave a gap that the other one fills in a plan no larger.
    auto end = std::remove_if(candidates_.begin() + std::ptrdiff_t(base), candidates_.end(),
                              [&](Index i) { return floor_[i] >= minHeight; });
    candidates_.erase(end, candidates_.end());
    std::sort(candidates_.begin() + std::ptrdiff_t(base), candidates_.end(),
              [&](Index a, Index b) {
                return std::make_pair(floor_[a], rank_[a]) < std::make_pair(floor_[b], rank_[b]);
              });

    for (size_t k = base; k < candidates_.size(); ++k) {
      Index x = candidates_[k];
      Marks marks{floorTrail_.size(), sectionTrail_.size()};
      bool covers = place(x);
      Result result = Result::Exhausted;
      if (consistent(part, offset_[x])) {
        std::vector<int32_t> cuts = uncross(x);
        result = cuts.empty() ? visit(part, offset_[x], rank_[x]) : solveParts(part, cuts);
        recross(x);
      }
      // Unwinding unplaces everything, so each buffer keeps its offset as a
      // success passes up. Earlier successes of a part whose sibling then
      // failed are overwritten by the final one, which places every buffer.
      if (result == Result::Found)
        solution_[x] = offset_[x];
      unplace(x, marks);
      if (result != Result::Exhausted) {
        candidates_.resize(base);
        return result;
      }
      // Nothing unplaced meets x, so where it sits constrains no other
      // buffer: if no plan follows from it, none follows from another choice.
      if (!covers)
        break;
    }
    return dropCandidates(base);
  }

  Result dropCandidates(size_t base) {
    candidates_.resize(base);
    return Result::Exhausted;
  }

  struct Marks {
    size_t floors, sections;
  };

  /// Puts x at its floor; returns whether any unplaced buffer conflicts with it.
  bool place(Index x) {
    int64_t offset = floor_[x], height = offset + buffers_[x].size;
    int64_t raised = alignUp(height, alignment_);
    offset_[x] = offset;
    ++stamp_;
    touched_.clear();
    bool covers = false;
    for (size_t k = graph_.begin[x]; k < graph_.begin[x + 1]; ++k) {
      Index j = graph_.neighbors[k];
      if (offset_[j] >= 0)
        continue;
      covers = true;
      --unplacedNeighbors_[j];
      if (floor_[j] >= raised)
        continue;
      floorTrail_.emplace_back(j, floor_[j]);
      floor_[j] = raised;
      for (int32_t s = sections_.span[j].first; s < sections_.span[j].second; ++s)
        if (sectionStamp_[size_t(s)] != stamp_) {
          sectionStamp_[size_t(s)] = stamp_;
          touched_.push_back(s);
        }
    }
    for (int32_t s = sections_.span[x].first; s < sections_.span[x].second; ++s) {
      sectionTrail_.push_back({s, sectionFloor_[size_t(s)], sectionBytes_[size_t(s)]});
      sectionFloor_[size_t(s)] = height;
      sectionBytes_[size_t(s)] -= buffers_[x].size;
    }
    // A section's unplaced buffers all lie at or above the lowest of their floors.
    for (int32_t s : touched_) {
      int64_t lowest = std::numeric_limits<int64_t>::max();
      budget_.used += int64_t(sections_.begin[size_t(s) + 1] - sections_.begin[size_t(s)]);
      for (size_t m = sections_.begin[size_t(s)]; m < sections_.begin[size_t(s) + 1]; ++m) {
        Index j = sections_.members[m];
        if (offset_[j] < 0)
          lowest = std::min(lowest, floor_[j]);
      }
      if (lowest != std::numeric_limits<int64_t>::max() && lowest > sectionFloor_[size_t(s)]) {
        sectionTrail_.push_back({s, sectionFloor_[size_t(s)], sectionBytes_[size_t(s)]});
        sectionFloor_[size_t(s)] = lowest;
      }
    }
    return covers;
  }

  void unplace(Index x, const Marks &marks) {
    for (; sectionTrail_.size() > marks.sections; sectionTrail_.pop_back()) {
      const SectionChange &c = sectionTrail_.back();
      sectionFloor_[size_t(c.section)] = c.floor;
      sectionBytes_[size_t(c.section)] = c.bytes;
    }
    for (; floorTrail_.size() > marks.floors; floorTrail_.pop_back())
      floor_[floorTrail_.back().first] = floorTrail_.back().second;
    offset_[x] = -1;
    for (size_t k = graph_.begin[x]; k < graph_.begin[x + 1]; ++k)
      if (offset_[graph_.neighbors[k]] < 0)
        ++unplacedNeighbors_[graph_.neighbors[k]];
  }

  /// Every unplaced buffer now lies at or above `last`, so every section
  /// must hold its unplaced bytes between max(last, its floor) and the capacity.
  bool consistent(const Part &part, int64_t last) {
    budget_.used += part.last - part.first;
    for (size_t s = size_t(part.first); s < size_t(part.last); ++s)
      if (std::max(last, sectionFloor_[s]) + sectionBytes_[s] > capacity_)
        return false;
    return true;
  }

  /// Placing x stops it crossing the boundaries inside its lifetime; returns
  /// those that no unplaced buffer crosses any more.
  std::vector<int32_t> uncross(Index x) {
    std::vector<int32_t> cuts;
    for (int32_t s = sections_.span[x].first; s + 1 < sections_.span[x].second; ++s)
      if (--crossing_[size_t(s)] == 0)
        cuts.push_back(s + 1);
    return cuts;
  }

  void recross(Index x) {
    for (int32_t s = sections_.span[x].first; s + 1 < sections_.span[x].second; ++s)
      ++crossing_[size_t(s)];
  }

  struct SectionChange {
    int32_t section;
    int64_t floor, bytes;
  };

  const std::vector<PlannerBuffer> &buffers_;
  const ConflictGraph &graph_;
  const Sections &sections_;
  TieBreak tieBreak_;
  std::vector<int32_t> rank_; // of the unplaced buffers, within their part
  int64_t alignment_, capacity_, nodeLimit_, nodes_ = 0;
  SearchBudget &budget_;
  std::vector<int64_t> offset_, floor_;
  std::vector<int32_t> unplacedNeighbors_;
  std::vector<int64_t> sectionFloor_, sectionBytes_;
  std::vector<uint64_t> sectionStamp_;
  uint64_t stamp_ = 0;
  std::vector<int32_t> touched_;
  std::vector<int32_t> crossing_; // unplaced buffers live in both s and s + 1
  std::vector<int64_t> solution_;
  std::vector<Index> candidates_; // every open node's candidates, stacked
  std::vector<std::pair<Index, int64_t>> floorTrail_;
  std::vector<SectionChange> sectionTrail_;
};

SearchOutcome fitWith(const std::vector<PlannerBuffer> &buffers, const ConflictGraph &graph,
                      const Sections &sections, int64_t alignment, int64_t capacity,
                      SearchBudget &budget, std::vector<int64_t> &offsets) {
  // Round robin with doubling node limits: the first order to decide the
  // instance wins, at a cost within a small factor of the best order's.
  for (int64_t limit = 2 * int64_t(sections.active.size()) + 16;; limit *= 2) {
    for (TieBreak tieBreak : kTieBreaks) {
      Search search(buffers, graph, sections, tieBreak, alignment, capacity, limit, budget);
      SearchOutcome outcome = search.run(offsets);
      if (outcome != SearchOutcome::Stopped)
        return outcome;
      if (budget.exhausted())
        return SearchOutcome::Stopped;
    }
  }
}

int64_t arenaOf(const std::vector<PlannerBuffer> &buffers, const std::vector<int64_t> &offsets) {
  int64_t arena = 0;
  for (size_t i = 0; i < buffers.size(); ++i)
    if (buffers[i].size > 0)
      arena = std::max(arena, offsets[i] + buffers[i].size);
  return arena;
}

/// Every canonical plan's arena is a multiple of this: its offsets are sums
/// of sizes when the alignment divides every size, multiples of the
/// alignment otherwise, and the arena is one plus a size.
int64_t arenaGrid(const std::vector<PlannerBuffer> &buffers, int64_t alignment) {
  int64_t sizes = 0;
  for (const PlannerBuffer &b : buffers)
    sizes = std::gcd(sizes, b.size);
  if (sizes == 0)
    return 1;
  return sizes % alignment == 0 ? sizes : std::gcd(sizes, alignment);
}

int64_t alignUpTo(int64_t value, int64_t grid) { return (value + grid - 1) / grid * grid; }

} // namespace

SearchOutcome fitArena(const std::vector<PlannerBuffer> &buffers, const ConflictGraph &graph,
                       int64_t alignment, int64_t capacity, SearchBudget &budget,
                       std::vector<int64_t> &offsets) {
  Sections sections(buffers);
  return fitWith(buffers, graph, sections, alignment, capacity, budget, offsets);
}

void minimizeArena(const std::vector<PlannerBuffer> &buffers, const ConflictGraph &graph,
                   int64_t alignment, SearchBudget &budget, std::vector<int64_t> &offsets,
                   int64_t &arena, int64_t &provenBound) {
  using Clock = std::chrono::steady_clock;
  // The smallest arena has a canonical plan, whose arena is a sum of sizes
  // and alignment padding: a multiple of `grid`. Only those capacities are
  // worth a probe, and a bound rounds up to one.
  int64_t grid = arenaGrid(buffers, alignment);
  provenBound = alignUpTo(computeLowerBound(buffers), grid);
  Sections sections(buffers);
  std::vector<int64_t> found;
  // Returns whether the probe was decided.
  auto probe = [&](int64_t capacity, SearchBudget share) {
    SearchOutcome outcome = fitWith(buffers, graph, sections, alignment, capacity, share, found);
    budget.used += share.used;
    if (outcome == SearchOutcome::Found) {
      offsets = found;
      arena = arenaOf(buffers, offsets);
    } else if (outcome == SearchOutcome::Infeasible) {
      provenBound = std::max(provenBound, capacity + grid);
    }
    return outcome != SearchOutcome::Stopped;
  };
  // The bound first, with a quarter of the budget: most instances that can
  // reach it do so quickly, and reaching it proves the plan optimal.
  if (arena <= provenBound || budget.exhausted())
    return;
  int64_t bound = provenBound;
  if (probe(bound, halfOf(halfOf(budget))) && arena == bound)
    return;
  // Then passes of bisection between what is ruled out and the best plan
  // so far. A capacity just below the smallest feasible one is the hardest
  // to decide, so each probe gets only a slice of what is left, doubled
  // every pass: easier capacities above it are tried first, and an
  // undecided one is tried again with more.
  constexpr int64_t kSlices = 16;
  bool bounded = budget.work != std::numeric_limits<int64_t>::max();
  int64_t sliceWork = bounded ? std::max<int64_t>(1, (budget.work - budget.used) / kSlices)
                              : budget.work;
  Clock::duration sliceTime =
      budget.deadline ? std::max(Clock::duration::zero(), *budget.deadline - Clock::now()) /
                            kSlices
                      : Clock::duration::zero();
  for (bool undecided = true; undecided && arena > provenBound && !budget.exhausted();) {
    undecided = false;
    // In units of the grid.
    int64_t low = std::max(provenBound, bound + grid) / grid, high = (arena - 1) / grid;
    while (low <= high && !budget.exhausted()) {
      int64_t capacity = (low + (high - low) / 2) * grid;
      SearchBudget share;
      if (bounded)
        share.work = std::min(sliceWork, budget.work - budget.used);
      if (budget.deadline)
        share.deadline = std::min(*budget.deadline, Clock::now() + sliceTime);
      undecided |= !probe(capacity, share);
      if (arena <= capacity)
        high = (arena - 1) / grid;
      else
        low = capacity / grid + 1;
    }
    sliceWork = sliceWork > std::numeric_limits<int64_t>::max() / 2 ? sliceWork : sliceWork * 2;
    sliceTime *= 2;
  }
}

} // namespace thymos::passes
