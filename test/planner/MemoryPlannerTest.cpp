//===- MemoryPlannerTest.cpp - Offsets, lower bounds and the validator -----===//

#include "bench/planner/PlannerInstances.h"
#include "passes/MemoryPlanner.h"

#include <catch2/catch.hpp>

using namespace thymos;
using passes::PlannerBuffer;

namespace {

// Every pair, independently of the validator's sweep: the plan the tests
// trust must not rest on the code it checks.
bool anyPairOverlaps(const std::vector<PlannerBuffer> &b, const std::vector<int64_t> &offsets) {
  for (size_t i = 0; i < b.size(); ++i)
    for (size_t j = i + 1; j < b.size(); ++j) {
      bool sameTime = b[i].lower < b[j].upper && b[j].lower < b[i].upper;
      bool sameBytes = offsets[i] < offsets[j] + b[j].size && offsets[j] < offsets[i] + b[i].size;
      if (sameTime && sameBytes && b[i].size > 0 && b[j].size > 0)
        return true;
    }
  return false;
}

void checkPlan(const std::vector<PlannerBuffer> &buffers, const passes::MemoryPlan &plan,
               int64_t alignment) {
  INFO("method " << plan.method);
  REQUIRE(plan.offsets.size() == buffers.size());
  CHECK(passes::validateMemoryPlan(buffers, plan.offsets, alignment, plan.arenaBytes) == "");
  CHECK_FALSE(anyPairOverlaps(buffers, plan.offsets));
  int64_t arena = 0;
  for (size_t i = 0; i < buffers.size(); ++i) {
    CHECK(plan.offsets[i] % alignment == 0);
    arena = std::max(arena, plan.offsets[i] + buffers[i].size);
  }
  CHECK(plan.arenaBytes == arena);
  CHECK(plan.arenaBytes >= plan.lowerBoundBytes);
}

passes::MemoryPlan strong(const std::vector<PlannerBuffer> &buffers, int64_t effort,
                          int64_t alignment = 1) {
  passes::PlannerOptions options;
  options.effort = effort;
  options.alignment = alignment;
  return passes::planMemory(buffers, options);
}

} // namespace

TEST_CASE("lower bound: lifetimes are half-open", "[planner]") {
  // 1 ends where 2 starts: never live together, so the peak is 4 + 8 (1 and 3).
  std::vector<PlannerBuffer> buffers{{1, 0, 3, 4}, {2, 3, 9, 5}, {3, 0, 9, 8}};
  CHECK(passes::computeLowerBound(buffers) == 13);
  CHECK(passes::computeLowerBound({}) == 0);
}

TEST_CASE("validator: accepts touching buffers, rejects every kind of bad plan",
          "[planner][validator]") {
  std::vector<PlannerBuffer> buffers{{10, 0, 4, 8}, {11, 2, 6, 8}, {12, 4, 8, 8}};
  // 10 and 12 never meet, so they may share bytes; 11 sits right above them.
  CHECK(passes::validateMemoryPlan(buffers, {0, 8, 0}, 1, 16) == "");
  CHECK(passes::validateMemoryPlan(buffers, {0, 7, 0}, 1, 16) ==
        "buffers 10 and 11 are both live at step 2 and share bytes [7, 8)");
  CHECK(passes::validateMemoryPlan(buffers, {0, 8, 1}, 1, 16).find("buffers 11 and 12") == 0);
  CHECK(passes::validateMemoryPlan(buffers, {0, 8, 0}, 1, 15).find("outside the arena") !=
        std::string::npos);
  CHECK(passes::validateMemoryPlan(buffers, {0, 8, 0}, 16, 16).find("multiple of 16") !=
        std::string::npos);
  CHECK(passes::validateMemoryPlan(buffers, {-8, 8, 0}, 1, 16).find("negative") !=
        std::string::npos);
  CHECK(passes::validateMemoryPlan(buffers, {0, 8}, 1, 16) == "expected 3 offsets, got 2");
  // A zero-size buffer touches no byte, wherever it is.
  std::vector<PlannerBuffer> withEmpty{{1, 0, 4, 8}, {2, 0, 4, 0}};
  CHECK(passes::validateMemoryPlan(withEmpty, {0, 4}, 1, 8) == "");
}

TEST_CASE("validator: catches one moved buffer in a large valid plan", "[planner][validator]") {
  auto buffers = bench::dagInstance(400, 7);
  passes::MemoryPlan plan = passes::planGreedyBySize(buffers, 1);
  REQUIRE(passes::validateMemoryPlan(buffers, plan.offsets, 1, plan.arenaBytes) == "");
  size_t caught = 0, tried = 0;
  for (size_t i = 0; i < buffers.size(); i += 13) {
    std::vector<int64_t> offsets = plan.offsets;
    // Drop buffer i onto the offset of something live next to it.
    for (size_t j = 0; j < buffers.size(); ++j) {
      bool meet = j != i && buffers[i].lower < buffers[j].upper &&
                  buffers[j].lower < buffers[i].upper;
      if (meet && offsets[j] + buffers[i].size <= plan.arenaBytes) {
        offsets[i] = offsets[j];
        break;
      }
    }
    if (offsets == plan.offsets)
      continue;
    ++tried;
    bool bad = anyPairOverlaps(buffers, offsets);
    caught += bad == !passes::validateMemoryPlan(buffers, offsets, 1, plan.arenaBytes).empty();
  }
  CHECK(tried > 10);
  CHECK(caught == tried);
}

TEST_CASE("input check: rejects what cannot be planned", "[planner]") {
  CHECK(passes::checkPlannerInput({{1, 0, 1, 4}}, 1) == "");
  CHECK(passes::checkPlannerInput({{1, 0, 1, 4}}, 0).find("alignment") == 0);
  CHECK(passes::checkPlannerInput({{1, 2, 2, 4}}, 1).find("buffer 1: lower") == 0);
  CHECK(passes::checkPlannerInput({{1, 0, 1, -1}}, 1).find("negative") != std::string::npos);
  std::vector<PlannerBuffer> huge(4, {0, 0, 1, int64_t(1) << 60});
  CHECK(passes::checkPlannerInput(huge, 1).find("2^61") != std::string::npos);
}

TEST_CASE("greedy-by-size: largest first, above what it meets", "[planner][greedy]") {
  // Order A, C, B, D. C starts when A ends, so both take offset 0; B meets
  // both and goes above A; D meets all three and goes above B.
  std::vector<PlannerBuffer> buffers{
      {0, 0, 4, 32}, // A
      {1, 0, 8, 16}, // B
      {2, 4, 8, 28}, // C
      {3, 2, 6, 4},  // D
  };
  passes::MemoryPlan plan = passes::planGreedyBySize(buffers, 1);
  checkPlan(buffers, plan, 1);
  CHECK(plan.offsets == std::vector<int64_t>{0, 32, 0, 48});
  CHECK(plan.arenaBytes == 52);
  CHECK(plan.lowerBoundBytes == 52); // A + B + D at steps 2 and 3
}

TEST_CASE("greedy-by-size: best fit prefers the tighter gap", "[planner][greedy]") {
  // Q and S end at step 5 and leave gaps [100, 160) and [210, 250) for V,
  // which starts at 10: it takes the 40-byte gap, not the lower 60-byte one.
  std::vector<PlannerBuffer> buffers{{0, 0, 20, 100}, // P
                                     {1, 0, 5, 60},   // Q
                                     {2, 0, 20, 50},  // R
                                     {3, 0, 5, 40},   // S
                                     {4, 0, 20, 35},  // U
                                     {5, 10, 20, 10}}; // V
  passes::MemoryPlan plan = passes::planGreedyBySize(buffers, 1);
  checkPlan(buffers, plan, 1);
  CHECK(plan.offsets == std::vector<int64_t>{0, 100, 160, 210, 250, 210});
  CHECK(plan.arenaBytes == 285);
  CHECK(plan.lowerBoundBytes == 285);
}

TEST_CASE("alignment: offsets are multiples, sizes are not padded", "[planner]") {
  std::vector<PlannerBuffer> buffers{{0, 0, 2, 10}, {1, 0, 2, 10}, {2, 1, 3, 70}};
  // All three meet at step 1. Size order puts the 70 first and needs two
  // more 64-byte slots above it; the 10s first leave the 70 at 128.
  passes::MemoryPlan greedy = passes::planGreedyBySize(buffers, 64);
  checkPlan(buffers, greedy, 64);
  CHECK(greedy.offsets == std::vector<int64_t>{128, 192, 0});
  CHECK(greedy.arenaBytes == 202);
  passes::MemoryPlan best = strong(buffers, 10, 64);
  checkPlan(buffers, best, 64);
  CHECK(best.arenaBytes == 128 + 70);
}

TEST_CASE("zero-size buffers and empty input", "[planner]") {
  CHECK(passes::planGreedyBySize({}, 1).arenaBytes == 0);
  std::vector<PlannerBuffer> buffers{{0, 0, 5, 0}, {1, 0, 5, 16}, {2, 2, 3, 0}};
  passes::MemoryPlan plan = strong(buffers, 5);
  checkPlan(buffers, plan, 1);
  CHECK(plan.arenaBytes == 16);
}

TEST_CASE("greedy and strong never overlap on 100 random DAG-like instances",
          "[planner][random]") {
  for (uint64_t seed = 1; seed <= 100; ++seed) {
    size_t ops = 10 + size_t(seed * 37 % 240);
    auto buffers = bench::dagInstance(ops, seed);
    int64_t alignment = seed % 2 ? 1 : 64;
    INFO("seed " << seed << ", " << ops << " buffers, alignment " << alignment);
    passes::MemoryPlan greedy = passes::planGreedyBySize(buffers, alignment);
    checkPlan(buffers, greedy, alignment);
    passes::MemoryPlan best = strong(buffers, 30, alignment);
    checkPlan(buffers, best, alignment);
    CHECK(best.arenaBytes <= greedy.arenaBytes);
  }
}

TEST_CASE("strong mode never overlaps on guillotine and staggered instances",
          "[planner][random]") {
  for (uint64_t seed = 1; seed <= 20; ++seed) {
    for (const auto &buffers : {bench::guillotineInstance(10 + seed * 3, seed, 4096, 64),
                                bench::staggeredInstance(20 + seed * 5, seed, 24 + seed)}) {
      int64_t alignment = seed % 3 == 0 ? 64 : 1;
      INFO("seed " << seed << ", alignment " << alignment);
      checkPlan(buffers, passes::planGreedyBySize(buffers, alignment), alignment);
      checkPlan(buffers, strong(buffers, 20, alignment), alignment);
    }
  }
}

TEST_CASE("strong mode reaches a known optimum (the lower bound)", "[planner][strong]") {
  SECTION("the five-buffer example of the CSV format") {
    // Two 4-byte columns by time, one 4-byte buffer for all time: 12 bytes.
    std::vector<PlannerBuffer> buffers{
        {1, 0, 3, 4}, {2, 3, 9, 4}, {3, 0, 9, 4}, {4, 9, 21, 4}, {5, 0, 21, 4}};
    passes::MemoryPlan plan = strong(buffers, 10);
    checkPlan(buffers, plan, 1);
    CHECK(plan.arenaBytes == 12);
  }
  SECTION("a packing where size order leaves a hole") {
    // Optimum 10: the 6-byte buffers stack on the 4-byte ones by time.
    std::vector<PlannerBuffer> buffers{
        {0, 0, 2, 6}, {1, 2, 4, 6}, {2, 0, 4, 4}, {3, 1, 3, 4}};
    passes::MemoryPlan plan = strong(buffers, 50);
    checkPlan(buffers, plan, 1);
    CHECK(plan.arenaBytes == passes::computeLowerBound(buffers));
  }
  SECTION("guillotine cuts of a rectangle, where greedy-by-size falls short") {
    int reachedBound = 0, greedyMissed = 0;
    for (uint64_t seed = 1; seed <= 10; ++seed) {
      auto buffers = bench::guillotineInstance(16, seed);
      passes::MemoryPlan plan = strong(buffers, 200);
      checkPlan(buffers, plan, 1);
      REQUIRE(plan.lowerBoundBytes == (1 << 20));
      reachedBound += plan.arenaBytes == plan.lowerBoundBytes;
      greedyMissed += passes::planGreedyBySize(buffers, 1).arenaBytes > plan.lowerBoundBytes;
    }
    CHECK(greedyMissed >= 5);
    CHECK(reachedBound == 10);
  }
  SECTION("equal sizes with staggered lifetimes") {
    for (uint64_t seed = 1; seed <= 10; ++seed) {
      auto buffers = bench::staggeredInstance(300, seed);
      passes::MemoryPlan plan = strong(buffers, 10);
      checkPlan(buffers, plan, 1);
      CHECK(plan.arenaBytes == plan.lowerBoundBytes);
    }
  }
}

TEST_CASE("strong mode is deterministic for a seed", "[planner][strong]") {
  auto buffers = bench::dagInstance(300, 3);
  CHECK(strong(buffers, 100).offsets == strong(buffers, 100).offsets);
}
