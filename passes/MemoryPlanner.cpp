//===- MemoryPlanner.cpp - Static offset assignment for planned buffers ----===//
//
// Three parts, each built on one "decoder" that places buffers one by one in a
// given order, each at an offset chosen among the gaps left by the already
// placed buffers it shares a step with:
//   1. greedy-by-size: the decoder on the size-descending order, best fit;
//   2. the strong mode: a portfolio of orders and fit rules, then iterated
//      local search over the order of the best one;
//   3. a budgeted exact search over "canonical" plans (every buffer rests on
//      a buffer below it or on 0) for instances small enough, aiming at the
//      lower bound, which greedy orders often miss by a few percent.
//
//===----------------------------------------------------------------------===//

#include "passes/MemoryPlanner.h"
#include "passes/ArenaSearch.h"
#include "passes/BufferConflicts.h"

#include "runtime/CheckedSize.h"

#include <algorithm>
#include <chrono>
#include <limits>
#include <numeric>
#include <random>
#include <tuple>
#include <utility>

namespace thymos::passes {
namespace {

using Index = BufferIndex;

// Sizes and alignments stay below 2^60 and their padded total below 2^61, so
// no offset + size or alignUp (runtime/CheckedSize.h) below can overflow int64_t.
constexpr int64_t kMaxValue = int64_t(1) << 60;
constexpr int64_t kMaxTotal = int64_t(1) << 61;

// How the decoder picks among the gaps that fit: Best is the paper's smallest
// gap, First the lowest offset, Top always above every conflicting buffer
// (the skyline rule: with it, every canonical plan is some order's decode).
enum class Fit { Best, First, Top };
const char *fitName(Fit fit) {
  return fit == Fit::Best ? "best-fit" : fit == Fit::First ? "first-fit" : "top";
}

class Decoder {
public:
  Decoder(const std::vector<PlannerBuffer> &buffers, const ConflictGraph &graph,
          int64_t alignment)
      : buffers_(buffers), graph_(graph), alignment_(alignment) {}

  /// Places every buffer in `order` and returns the arena, or -1 as soon as
  /// the arena exceeds `cutoff` (the local search only wants improvements).
  int64_t place(const std::vector<Index> &order, Fit fit, int64_t cutoff,
                std::vector<int64_t> &offsets) {
    offsets.assign(buffers_.size(), -1);
    int64_t arena = 0;
    for (Index i : order) {
      int64_t size = buffers_[i].size;
      if (size == 0) { // touches no byte, conflicts with nothing
        offsets[i] = 0;
        continue;
      }
      int64_t offset = chooseOffset(i, size, fit, offsets);
      offsets[i] = offset;
      arena = std::max(arena, offset + size);
      if (arena > cutoff)
        return -1;
    }
    return arena;
  }

private:
  int64_t chooseOffset(Index i, int64_t size, Fit fit, const std::vector<int64_t> &offsets) {
    spans_.clear();
    int64_t top = 0;
    for (size_t k = graph_.begin[i]; k < graph_.begin[i + 1]; ++k) {
      Index j = graph_.neighbors[k];
      if (offsets[j] < 0)
        continue;
      spans_.emplace_back(offsets[j], offsets[j] + buffers_[j].size);
      top = std::max(top, offsets[j] + buffers_[j].size);
    }
    if (fit == Fit::Top)
      return alignUp(top, alignment_);
    // Sweep the conflicting buffers by offset; a gap is the space between the
    // highest end seen so far and the next buffer's start.
    std::sort(spans_.begin(), spans_.end());
    int64_t gapStart = 0, chosen = -1, bestGap = std::numeric_limits<int64_t>::max();
    for (auto [start, end] : spans_) {
      int64_t candidate = alignUp(gapStart, alignment_);
      if (candidate + size <= start) {
        if (fit == Fit::First)
          return candidate;
        if (start - gapStart < bestGap) {
          bestGap = start - gapStart;
          chosen = candidate;
        }
      }
      gapStart = std::max(gapStart, end);
    }
    return chosen >= 0 ? chosen : alignUp(gapStart, alignment_);
  }

  const std::vector<PlannerBuffer> &buffers_;
  const ConflictGraph &graph_;
  int64_t alignment_;
  std::vector<std::pair<int64_t, int64_t>> spans_; // scratch, reused per buffer
};

std::vector<Index> sortedOrder(size_t n, const std::vector<double> &key) {
  std::vector<Index> order(n);
  std::iota(order.begin(), order.end(), 0);
  // Descending key; index breaks ties so the order (and plan) is deterministic.
  std::stable_sort(order.begin(), order.end(), [&](Index a, Index b) { return key[a] > key[b]; });
  return order;
}

std::vector<Index> sizeOrder(const std::vector<PlannerBuffer> &buffers) {
  std::vector<double> key;
  for (const PlannerBuffer &b : buffers)
    key.push_back(double(b.size));
  return sortedOrder(buffers.size(), key);
}

struct Candidate {
  std::vector<Index> order;
  Fit fit = Fit::Best;
  std::vector<int64_t> offsets;
  int64_t arena = std::numeric_limits<int64_t>::max();
  std::string method;
};

// The orders tried before the local search. Each wins on some family: size
// on typical graphs, start time on equal sizes (it colours an interval graph
// optimally), area and conflict weight on mixed long- and short-lived buffers.
std::vector<std::pair<std::string, std::vector<Index>>>
portfolioOrders(const std::vector<PlannerBuffer> &buffers, const ConflictGraph &graph) {
  size_t n = buffers.size();
  std::vector<double> area(n), length(n), start(n), weight(n);
  for (size_t i = 0; i < n; ++i) {
    const PlannerBuffer &b = buffers[i];
    double duration = double(b.upper) - double(b.lower);
    area[i] = double(b.size) * duration;
    // Size as a tie-breaker inside each primary key.
    length[i] = duration + double(b.size) * 1e-30;
    start[i] = -double(b.lower) + double(b.size) * 1e-30;
    weight[i] = double(b.size);
    for (size_t k = graph.begin[i]; k < graph.begin[i + 1]; ++k)
      weight[i] += double(buffers[graph.neighbors[k]].size);
  }
  return {{"size", sizeOrder(buffers)},
          {"area", sortedOrder(n, area)},
          {"lifetime", sortedOrder(n, length)},
          {"start", sortedOrder(n, start)},
          {"conflict-weight", sortedOrder(n, weight)}};
}

// Iterated local search over the order: perturb, decode, keep when the arena
// is not larger. Accepting ties lets the search drift across plateaus, which
// is where most of its progress comes from. The perturbations aim at the
// buffers that touch the top of the arena, since only moving one of them (or
// something under one of them) can lower it.
void localSearch(Candidate &best, Decoder &decoder, const std::vector<PlannerBuffer> &buffers,
                 const ConflictGraph &graph, int64_t rounds, SearchBudget &budget, uint64_t seed,
                 int64_t lowerBound) {
  std::mt19937_64 rng(seed);
  auto below = [&](uint64_t bound) { return bound == 0 ? 0 : size_t(rng() % bound); };
  size_t n = best.order.size();
  std::vector<Index> order;
  std::vector<int64_t> offsets;
  std::vector<size_t> position(n);
  std::vector<Index> critical;
  bool improved = false;
  // A decode looks at every buffer and every conflicting pair.
  int64_t decodeWork = int64_t(n + graph.neighbors.size());
  for (int64_t round = 0; round < rounds && best.arena > lowerBound && n > 1; ++round) {
    if (budget.exhausted())
      break;
    budget.used += decodeWork;
    critical.clear();
    for (size_t p = 0; p < n; ++p) {
      Index i = best.order[p];
      position[i] = p;
      if (buffers[i].size > 0 && best.offsets[i] + buffers[i].size == best.arena)
        critical.push_back(i);
    }
    order = best.order;
    Index c = critical[below(critical.size())];
    size_t from = position[c];
    switch (rng() % 4) {
    case 0: { // place a top buffer earlier, often first of all
      size_t to = rng() % 2 ? 0 : below(from + 1);
      std::rotate(order.begin() + to, order.begin() + from, order.begin() + from + 1);
      break;
    }
    case 1: { // place a conflicting buffer under it later, freeing room below it
      size_t degree = graph.begin[c + 1] - graph.begin[c];
      if (degree == 0)
        break;
      Index j = graph.neighbors[graph.begin[c] + below(degree)];
      size_t pj = position[j];
      size_t to = pj + below(n - pj);
      std::rotate(order.begin() + pj, order.begin() + pj + 1, order.begin() + to + 1);
      break;
    }
    case 2: { // swap two nearby buffers
      size_t a = below(n), b = std::min(n - 1, a + 1 + below(8));
      std::swap(order[a], order[b]);
      break;
    }
    default: { // a larger kick: swap two arbitrary buffers
      std::swap(order[below(n)], order[below(n)]);
      break;
    }
    }
    int64_t arena = decoder.place(order, best.fit, best.arena, offsets);
    if (arena < 0)
      continue;
    improved |= arena < best.arena;
    best.arena = arena;
    best.order.swap(order);
    best.offsets.swap(offsets);
  }
  if (improved)
    best.method += " + local-search";
}

// Work units (buffers and sections the exact search examines) per unit of
// effort, at most, and per buffer: a small graph that the search cannot
// settle quickly is not worth the whole budget (effort 100 is about 100 ms
// at most, about 15 ms on 34 buffers).
constexpr int64_t kSearchWorkPerEffort = 200000;
constexpr int64_t kSearchWorkPerEffortAndBuffer = 1000;
constexpr int64_t kDefaultLocalSearchRounds = 1000;

MemoryPlan finish(const std::vector<PlannerBuffer> &buffers, std::vector<int64_t> offsets,
                  int64_t arena, std::string method) {
  MemoryPlan plan;
  plan.offsets = std::move(offsets);
  plan.arenaBytes = arena;
  plan.lowerBoundBytes = computeLowerBound(buffers);
  plan.provenBoundBytes = plan.lowerBoundBytes;
  plan.method = std::move(method);
  return plan;
}

} // namespace

std::string checkPlannerInput(const std::vector<PlannerBuffer> &buffers, int64_t alignment) {
  if (alignment < 1 || alignment > kMaxValue || !isPowerOfTwo(uint64_t(alignment)))
    return "alignment must be a power of two between 1 and 2^60, got " +
           std::to_string(alignment);
  if (buffers.size() > size_t(std::numeric_limits<Index>::max()))
    return "too many buffers (" + std::to_string(buffers.size()) + ")";
  int64_t total = 0;
  for (const PlannerBuffer &b : buffers) {
    std::string which = "buffer " + std::to_string(b.id) + ": ";
    if (b.lower >= b.upper)
      return which + "lower (" + std::to_string(b.lower) + ") must be less than upper (" +
             std::to_string(b.upper) + ")";
    if (b.size < 0)
      return which + "size must not be negative, got " + std::to_string(b.size);
    if (b.size > kMaxValue)
      return which + "size exceeds 2^60 bytes";
    total += alignUp(b.size, alignment);
    if (total > kMaxTotal)
      return "the buffers' total size exceeds 2^61 bytes";
  }
  return {};
}

int64_t computeLowerBound(const std::vector<PlannerBuffer> &buffers) {
  // Sweep the step axis; at equal times ends come first (lifetimes are
  // half-open, so a buffer ending at t is not live at t).
  std::vector<std::pair<int64_t, int64_t>> events;
  for (const PlannerBuffer &b : buffers) {
    events.emplace_back(b.lower, b.size);
    events.emplace_back(b.upper, -b.size);
  }
  std::sort(events.begin(), events.end());
  int64_t live = 0, peak = 0;
  for (auto [time, delta] : events) {
    live += delta;
    peak = std::max(peak, live);
  }
  return peak;
}

MemoryPlan planGreedyBySize(const std::vector<PlannerBuffer> &buffers, int64_t alignment) {
  ConflictGraph graph(buffers);
  Decoder decoder(buffers, graph, alignment);
  std::vector<int64_t> offsets;
  int64_t arena = decoder.place(sizeOrder(buffers), Fit::Best,
                                std::numeric_limits<int64_t>::max(), offsets);
  return finish(buffers, std::move(offsets), arena, "greedy-by-size");
}

MemoryPlan planMemory(const std::vector<PlannerBuffer> &buffers, const PlannerOptions &options) {
  if (options.effort <= 0 && options.timeLimitSeconds <= 0)
    return planGreedyBySize(buffers, options.alignment);
  auto start = std::chrono::steady_clock::now();
  int64_t lowerBound = computeLowerBound(buffers);
  ConflictGraph graph(buffers);
  Decoder decoder(buffers, graph, options.alignment);

  Candidate best;
  for (auto &[name, order] : portfolioOrders(buffers, graph)) {
    for (Fit fit : {Fit::Best, Fit::First, Fit::Top}) {
      if (best.arena == lowerBound)
        break;
      Candidate next;
      next.arena = decoder.place(order, fit, best.arena - 1, next.offsets);
      if (next.arena < 0)
        continue; // not better than the best so far
      next.order = order;
      next.fit = fit;
      next.method = name + "/" + fitName(fit);
      best = std::move(next);
    }
  }
  // Local search may spend half the budget, the exact search the rest. A
  // time limit without an effort still gets the default rounds: they are
  // cheap next to the exact search and give it a tighter start.
  SearchBudget budget;
  if (options.timeLimitSeconds > 0)
    budget.deadline = start + std::chrono::duration_cast<std::chrono::steady_clock::duration>(
                                  std::chrono::duration<double>(options.timeLimitSeconds));
  else if (!checkedMul(options.effort, kSearchWorkPerEffort, budget.work))
    budget.work = std::numeric_limits<int64_t>::max();
  else if (int64_t perBuffers;
           checkedMul(int64_t(buffers.size()), kSearchWorkPerEffortAndBuffer, perBuffers) &&
           checkedMul(perBuffers, options.effort, perBuffers))
    budget.work = std::min(budget.work, perBuffers);
  SearchBudget localBudget = halfOf(budget);
  int64_t rounds = options.effort > 0 ? options.effort : kDefaultLocalSearchRounds;
  localSearch(best, decoder, buffers, graph, rounds, localBudget, options.seed, lowerBound);
  budget.used += localBudget.used;

  int64_t provenBound = lowerBound;
  if (best.arena > lowerBound) {
    int64_t before = best.arena;
    minimizeArena(buffers, graph, options.alignment, budget, best.offsets, best.arena,
                  provenBound);
    if (best.arena < before)
      best.method = "exact-search";
  }
  MemoryPlan plan = finish(buffers, std::move(best.offsets), best.arena, best.method);
  plan.provenBoundBytes = provenBound;
  return plan;
}

std::string validateMemoryPlan(const std::vector<PlannerBuffer> &buffers,
                               const std::vector<int64_t> &offsets, int64_t alignment,
                               int64_t arenaBytes) {
  if (offsets.size() != buffers.size())
    return "expected " + std::to_string(buffers.size()) + " offsets, got " +
           std::to_string(offsets.size());
  if (alignment < 1)
    return "alignment must be at least 1";
  for (size_t i = 0; i < buffers.size(); ++i) {
    std::string which = "buffer " + std::to_string(buffers[i].id);
    if (offsets[i] < 0 || offsets[i] % alignment != 0)
      return which + ": offset " + std::to_string(offsets[i]) +
             " is negative or not a multiple of " + std::to_string(alignment);
    if (buffers[i].size < 0 || offsets[i] > arenaBytes - buffers[i].size)
      return which + ": [" + std::to_string(offsets[i]) + ", +" +
             std::to_string(buffers[i].size) + ") lies outside the arena of " +
             std::to_string(arenaBytes) + " bytes";
  }
  // Sweep by start time; every pair live at once meets in `active`.
  std::vector<size_t> byLower;
  for (size_t i = 0; i < buffers.size(); ++i)
    if (buffers[i].size > 0)
      byLower.push_back(i);
  std::sort(byLower.begin(), byLower.end(), [&](size_t a, size_t b) {
    return std::make_pair(buffers[a].lower, a) < std::make_pair(buffers[b].lower, b);
  });
  std::vector<size_t> active;
  for (size_t i : byLower) {
    size_t kept = 0;
    for (size_t a : active) {
      if (buffers[a].upper <= buffers[i].lower)
        continue;
      active[kept++] = a;
      int64_t start = std::max(offsets[a], offsets[i]);
      int64_t end = std::min(offsets[a] + buffers[a].size, offsets[i] + buffers[i].size);
      if (start < end)
        return "buffers " + std::to_string(buffers[a].id) + " and " +
               std::to_string(buffers[i].id) + " are both live at step " +
               std::to_string(buffers[i].lower) + " and share bytes [" + std::to_string(start) +
               ", " + std::to_string(end) + ")";
    }
    active.resize(kept);
    active.push_back(i);
  }
  return {};
}

} // namespace thymos::passes
