//===- BufferConflicts.h - Which planned buffers share a step -------------===//
//
// The memory planner's heuristics and its exact search both ask, for one
// buffer, which others it may not overlap. Built once per plan.
//
//===----------------------------------------------------------------------===//
#pragma once

#include "passes/MemoryPlanner.h"

#include <algorithm>
#include <cstdint>
#include <numeric>
#include <utility>
#include <vector>

namespace thymos::passes {

using BufferIndex = int32_t;

// Pairs of non-empty buffers whose lifetimes intersect, as adjacency lists in
// one array. Built once per plan: every decode and the exact search reuse it,
// which is what makes thousands of decodes affordable. Costs O(n log n + E)
// for E conflicting pairs; on real graphs E is n times the typical number of
// live tensors.
struct ConflictGraph {
  std::vector<size_t> begin; // neighbours of i: [begin[i], begin[i+1])
  std::vector<BufferIndex> neighbors;

  explicit ConflictGraph(const std::vector<PlannerBuffer> &buffers) {
    size_t n = buffers.size();
    std::vector<BufferIndex> byLower;
    for (size_t i = 0; i < n; ++i)
      if (buffers[i].size > 0)
        byLower.push_back(BufferIndex(i));
    std::sort(byLower.begin(), byLower.end(), [&](BufferIndex a, BufferIndex b) {
      return std::make_pair(buffers[a].lower, a) < std::make_pair(buffers[b].lower, b);
    });
    std::vector<std::pair<BufferIndex, BufferIndex>> edges;
    std::vector<BufferIndex> active;
    for (BufferIndex i : byLower) {
      size_t kept = 0;
      for (BufferIndex a : active) {
        if (buffers[a].upper <= buffers[i].lower)
          continue; // ended before i starts: drop from the sweep
        active[kept++] = a;
        edges.emplace_back(a, i);
      }
      active.resize(kept);
      active.push_back(i);
    }
    begin.assign(n + 1, 0);
    for (auto [a, b] : edges) {
      ++begin[a + 1];
      ++begin[b + 1];
    }
    std::partial_sum(begin.begin(), begin.end(), begin.begin());
    neighbors.resize(edges.size() * 2);
    std::vector<size_t> fill(begin.begin(), begin.end() - 1);
    for (auto [a, b] : edges) {
      neighbors[fill[a]++] = b;
      neighbors[fill[b]++] = a;
    }
  }
};

} // namespace thymos::passes
