//===- PlannerInstances.h - Generated inputs for the memory planner --------===//
//
// Instance families for the planner's benchmark and tests, each from a seed
// so that every run sees the same inputs:
//   - dag:        a network scheduled in topological order; each op makes one
//                 tensor, read by the next op, sometimes by a later one (skip
//                 connections) and rarely much later (long-lived features);
//   - guillotine: a rectangle (time x bytes) cut recursively into buffers, so
//                 the lower bound is reachable and known: the optimum is exact;
//   - staggered:  equal-size buffers with shifted, overlapping lifetimes, in
//                 an order unrelated to time, where size gives greedy no clue.
//
//===----------------------------------------------------------------------===//
#pragma once

#include "passes/MemoryPlanner.h"

#include <algorithm>
#include <cstdint>
#include <random>
#include <vector>

namespace thymos::bench {

using passes::PlannerBuffer;

/// Uniform in [lo, hi]; written out so instances do not depend on how a
/// standard library implements its distributions.
inline int64_t uniform(std::mt19937_64 &rng, int64_t lo, int64_t hi) {
  return lo + int64_t(rng() % uint64_t(hi - lo + 1));
}

inline std::vector<PlannerBuffer> dagInstance(size_t ops, uint64_t seed) {
  std::mt19937_64 rng(seed);
  std::vector<PlannerBuffer> buffers;
  // Tensor sizes drift like a network's stages: a shared scale that halves or
  // doubles now and then, times a small per-tensor factor.
  int64_t scale = int64_t(1) << uniform(rng, 14, 20);
  for (size_t i = 0; i < ops; ++i) {
    if (uniform(rng, 0, 15) == 0)
      scale = std::clamp<int64_t>(uniform(rng, 0, 1) ? scale * 2 : scale / 2, 1 << 10, 1 << 24);
    int64_t size = scale * uniform(rng, 1, 4) + 64 * uniform(rng, 0, 15);
    int64_t lastUse = int64_t(i) + 1;
    int64_t roll = uniform(rng, 0, 99);
    if (roll < 25)
      lastUse += uniform(rng, 1, 8); // skip connection
    else if (roll < 27)
      lastUse += uniform(rng, 10, int64_t(ops) / 2 + 10); // long-lived
    lastUse = std::min<int64_t>(lastUse, int64_t(ops));
    buffers.push_back({int64_t(i), int64_t(i), lastUse + 1, size});
  }
  return buffers;
}

/// About `count` buffers tiling [0, horizon) x [0, width) with no gap, so
/// the lower bound equals `width` and a plan of exactly `width` exists.
inline std::vector<PlannerBuffer> guillotineInstance(size_t count, uint64_t seed,
                                                     int64_t width = 1 << 20,
                                                     int64_t horizon = 1000) {
  std::mt19937_64 rng(seed);
  struct Box { int64_t t0, t1, b0, b1; };
  std::vector<Box> boxes{{0, horizon, 0, width}};
  // Always cut the largest box: pieces stay comparable, as in real graphs.
  while (boxes.size() < count) {
    auto area = [](const Box &b) { return double(b.t1 - b.t0) * double(b.b1 - b.b0); };
    auto it = std::max_element(boxes.begin(), boxes.end(),
                               [&](const Box &a, const Box &b) { return area(a) < area(b); });
    Box box = *it;
    bool cutTime = box.t1 - box.t0 >= 2 && (box.b1 - box.b0 < 2 || uniform(rng, 0, 1));
    if (!cutTime && box.b1 - box.b0 < 2)
      break;
    Box other = box;
    if (cutTime) {
      int64_t at = uniform(rng, box.t0 + 1, box.t1 - 1);
      it->t1 = at;
      other.t0 = at;
    } else {
      int64_t at = uniform(rng, box.b0 + 1, box.b1 - 1);
      it->b1 = at;
      other.b0 = at;
    }
    boxes.push_back(other);
  }
  std::shuffle(boxes.begin(), boxes.end(), rng);
  std::vector<PlannerBuffer> buffers;
  for (const Box &b : boxes)
    buffers.push_back({int64_t(buffers.size()), b.t0, b.t1, b.b1 - b.b0});
  return buffers;
}

inline std::vector<PlannerBuffer> staggeredInstance(size_t count, uint64_t seed,
                                                    int64_t size = 4096) {
  std::mt19937_64 rng(seed);
  std::vector<PlannerBuffer> buffers;
  for (size_t i = 0; i < count; ++i) {
    int64_t lower = int64_t(i) * 2 + uniform(rng, 0, 3);
    buffers.push_back({0, lower, lower + uniform(rng, 3, 24), size});
  }
  std::shuffle(buffers.begin(), buffers.end(), rng);
  for (size_t i = 0; i < count; ++i)
    buffers[i].id = int64_t(i);
  return buffers;
}

} // namespace thymos::bench
