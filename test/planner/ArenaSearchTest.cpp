//===- ArenaSearchTest.cpp - The exact search against brute force ----------===//
//
// The oracle tries every aligned offset of every buffer, with no notion of
// canonical plans, floors or dominance, so a pruning rule that cuts away the
// only plans of some capacity makes the two disagree.
//
//===----------------------------------------------------------------------===//

#include "bench/planner/PlannerInstances.h"
#include "passes/ArenaSearch.h"

#include <catch2/catch.hpp>

#include <random>

using namespace thymos;
using passes::PlannerBuffer;

namespace {

class BruteForce {
public:
  BruteForce(const std::vector<PlannerBuffer> &buffers, int64_t alignment)
      : buffers_(buffers), alignment_(alignment), offsets_(buffers.size(), -1) {}

  bool fits(int64_t capacity) {
    capacity_ = capacity;
    return place(0);
  }

private:
  bool place(size_t i) {
    if (i == buffers_.size())
      return true;
    const PlannerBuffer &b = buffers_[i];
    for (int64_t offset = 0; offset + b.size <= capacity_ || (b.size == 0 && offset == 0);
         offset += alignment_) {
      bool clash = false;
      for (size_t j = 0; j < i && !clash; ++j) {
        const PlannerBuffer &o = buffers_[j];
        bool sameTime = b.lower < o.upper && o.lower < b.upper;
        clash = sameTime && b.size > 0 && o.size > 0 && offset < offsets_[j] + o.size &&
                offsets_[j] < offset + b.size;
      }
      if (clash)
        continue;
      offsets_[i] = offset;
      if (place(i + 1))
        return true;
    }
    return false;
  }

  const std::vector<PlannerBuffer> &buffers_;
  int64_t alignment_, capacity_ = 0;
  std::vector<int64_t> offsets_;
};

int64_t bruteForceMinimum(const std::vector<PlannerBuffer> &buffers, int64_t alignment) {
  BruteForce oracle(buffers, alignment);
  for (int64_t capacity = passes::computeLowerBound(buffers);; ++capacity)
    if (oracle.fits(capacity))
      return capacity;
}

std::vector<PlannerBuffer> randomInstance(std::mt19937_64 &rng, size_t count) {
  std::vector<PlannerBuffer> buffers;
  for (size_t i = 0; i < count; ++i) {
    int64_t lower = bench::uniform(rng, 0, 5);
    buffers.push_back({int64_t(i), lower, lower + bench::uniform(rng, 1, 4),
                       bench::uniform(rng, 0, 6) == 0 ? 0 : bench::uniform(rng, 1, 7)});
  }
  return buffers;
}

void requireValid(const std::vector<PlannerBuffer> &buffers, const std::vector<int64_t> &offsets,
                  int64_t alignment, int64_t capacity) {
  int64_t arena = 0;
  for (size_t i = 0; i < buffers.size(); ++i)
    arena = std::max(arena, offsets[i] + buffers[i].size);
  REQUIRE(arena <= capacity);
  REQUIRE(passes::validateMemoryPlan(buffers, offsets, alignment, arena) == "");
}

} // namespace

TEST_CASE("exact search: decides every capacity as brute force does", "[planner][exact]") {
  std::mt19937_64 rng(7);
  int aboveBound = 0;
  for (int round = 0; round < 300; ++round) {
    auto buffers = randomInstance(rng, size_t(bench::uniform(rng, 1, 7)));
    int64_t alignment = round % 3 == 0 ? 2 : 1;
    int64_t minimum = bruteForceMinimum(buffers, alignment);
    aboveBound += minimum > passes::computeLowerBound(buffers);
    INFO("round " << round << ", minimum " << minimum << ", alignment " << alignment);
    passes::ConflictGraph graph(buffers);
    std::vector<int64_t> offsets;
    passes::SearchBudget budget;
    REQUIRE(passes::fitArena(buffers, graph, alignment, minimum, budget, offsets) ==
            passes::SearchOutcome::Found);
    requireValid(buffers, offsets, alignment, minimum);
    if (minimum > 0)
      REQUIRE(passes::fitArena(buffers, graph, alignment, minimum - 1, budget, offsets) ==
              passes::SearchOutcome::Infeasible);
  }
  // The instances must include ones where the live-bytes bound is not enough
  // (with alignment 2, where padding makes them common).
  CHECK(aboveBound >= 20);
}

TEST_CASE("exact search: proves minima above the live-bytes bound", "[planner][exact]") {
  // Rare among small instances (about 1 in 400,000 random ones of 5 to 8
  // buffers): no plan reaches the bound, so only a search can show it.
  const std::vector<std::vector<PlannerBuffer>> instances = {
      {{0, 0, 1, 6}, {1, 0, 2, 5}, {2, 2, 4, 1}, {3, 1, 5, 3},
       {4, 2, 4, 1}, {5, 1, 3, 3}, {6, 5, 9, 6}, {7, 3, 6, 6}},
      {{0, 0, 1, 4}, {1, 1, 5, 3}, {2, 4, 7, 4}, {3, 2, 6, 2},
       {4, 1, 4, 1}, {5, 0, 2, 6}, {6, 5, 9, 4}, {7, 2, 5, 1}},
      {{0, 2, 5, 2}, {1, 3, 5, 4}, {2, 0, 3, 5}, {3, 2, 6, 2},
       {4, 4, 7, 3}, {5, 0, 1, 6}, {6, 5, 6, 5}, {7, 1, 4, 1}}};
  for (const auto &buffers : instances) {
    int64_t minimum = bruteForceMinimum(buffers, 1);
    REQUIRE(minimum > passes::computeLowerBound(buffers));
    passes::ConflictGraph graph(buffers);
    std::vector<int64_t> offsets;
    passes::SearchBudget budget;
    CHECK(passes::fitArena(buffers, graph, 1, minimum - 1, budget, offsets) ==
          passes::SearchOutcome::Infeasible);
    REQUIRE(passes::fitArena(buffers, graph, 1, minimum, budget, offsets) ==
            passes::SearchOutcome::Found);
    requireValid(buffers, offsets, 1, minimum);
  }
}

TEST_CASE("exact search: minimizes the arena and proves the minimum", "[planner][exact]") {
  std::mt19937_64 rng(11);
  for (int round = 0; round < 100; ++round) {
    auto buffers = randomInstance(rng, 7);
    int64_t minimum = bruteForceMinimum(buffers, 1);
    passes::ConflictGraph graph(buffers);
    // Start from the worst valid plan: every buffer above the previous one.
    std::vector<int64_t> offsets;
    int64_t arena = 0;
    for (const PlannerBuffer &b : buffers) {
      offsets.push_back(arena);
      arena += b.size;
    }
    passes::SearchBudget budget;
    int64_t proven = 0;
    passes::minimizeArena(buffers, graph, 1, budget, offsets, arena, proven);
    INFO("round " << round);
    CHECK(arena == minimum);
    CHECK(proven == minimum);
    requireValid(buffers, offsets, 1, arena);
  }
}

TEST_CASE("exact search: independent stretches of time are solved apart", "[planner][exact]") {
  // Three copies of the same hard piece, one after another in time: the
  // search splits them, so its work grows with the copies, not their product.
  auto piece = bench::guillotineInstance(24, 5, 4096, 64);
  std::vector<PlannerBuffer> buffers;
  for (int64_t copy = 0; copy < 3; ++copy)
    for (PlannerBuffer b : piece) {
      b.id = int64_t(buffers.size());
      b.lower += copy * 64;
      b.upper += copy * 64;
      buffers.push_back(b);
    }
  passes::ConflictGraph graph(buffers);
  std::vector<int64_t> offsets;
  passes::SearchBudget one, three;
  passes::ConflictGraph pieceGraph(piece);
  REQUIRE(passes::fitArena(piece, pieceGraph, 1, 4096, one, offsets) ==
          passes::SearchOutcome::Found);
  REQUIRE(passes::fitArena(buffers, graph, 1, 4096, three, offsets) ==
          passes::SearchOutcome::Found);
  requireValid(buffers, offsets, 1, 4096);
  CHECK(three.used <= 4 * one.used);
}

TEST_CASE("exact search: stops within its work budget", "[planner][exact]") {
  auto buffers = bench::dagInstance(200, 4);
  passes::ConflictGraph graph(buffers);
  std::vector<int64_t> offsets;
  passes::SearchBudget budget;
  budget.work = 5000;
  // Below the bound nothing fits, which the root proves at once.
  CHECK(passes::fitArena(buffers, graph, 1, passes::computeLowerBound(buffers) - 1, budget,
                         offsets) == passes::SearchOutcome::Infeasible);
  passes::SearchBudget small;
  small.work = 5000;
  passes::SearchOutcome outcome = passes::fitArena(
      buffers, graph, 1, passes::computeLowerBound(buffers), small, offsets);
  if (outcome == passes::SearchOutcome::Stopped)
    CHECK(small.used >= small.work);
  // It may finish the node it is in, no more.
  CHECK(small.used <= 2 * small.work);
}
