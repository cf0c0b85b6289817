//===- KnnGraph.cpp - Weighted k-nearest-neighbour graphs -------------------===//

#include "ml/KnnGraph.h"

#include <algorithm>
#include <cmath>
#include <string>
#include <utility>

namespace thymos::ml {

rt::Status buildKnnGraph(const double *points, int64_t n, int64_t d, int k, SparseMatrix &out) {
  if (k < 1 || k >= n)
    return rt::Status::error("the k-NN graph needs 1 <= k < n (k = " + std::to_string(k) +
                             ", n = " + std::to_string(n) + ")");
  if (n > INT32_MAX)
    return rt::Status::error("the k-NN graph holds at most 2^31 - 1 points");
  // Directed edges i -> j with half the weight, and their mirror j -> i:
  // summing duplicates afterwards gives (W + Wᵀ)/2.
  struct Edge {
    int32_t i, j;
    double w;
  };
  std::vector<Edge> edges;
  edges.reserve(static_cast<size_t>(2 * n * k));
  // Sweep along the first coordinate: candidates are visited outwards from
  // x_i in order of x[0], and a side stops once its first-coordinate gap
  // alone exceeds the k-th best distance. Exact, and far fewer distance
  // evaluations than all pairs for points spread in low dimension.
  std::vector<int32_t> byFirst(static_cast<size_t>(n));
  for (int64_t i = 0; i < n; ++i)
    byFirst[i] = static_cast<int32_t>(i);
  std::sort(byFirst.begin(), byFirst.end(), [&](int32_t a, int32_t b) {
    return points[a * d] != points[b * d] ? points[a * d] < points[b * d] : a < b;
  });
  // Max-heap of the k best (distance², index) pairs: pairs compare by
  // distance, then index, so equal distances go to the lower index.
  std::vector<std::pair<double, int32_t>> best;
  best.reserve(static_cast<size_t>(k) + 1);
  for (int64_t pos = 0; pos < n; ++pos) {
    const int64_t i = byFirst[pos];
    const double *xi = points + i * d;
    best.clear();
    auto consider = [&](int64_t j) {
      const double *xj = points + j * d;
      double s = 0.0;
      for (int64_t c = 0; c < d; ++c) {
        double t = xi[c] - xj[c];
        s += t * t;
      }
      std::pair<double, int32_t> cand{s, static_cast<int32_t>(j)};
      if (static_cast<int>(best.size()) < k) {
        best.push_back(cand);
        std::push_heap(best.begin(), best.end());
      } else if (cand < best.front()) {
        std::pop_heap(best.begin(), best.end());
        best.back() = cand;
        std::push_heap(best.begin(), best.end());
      }
    };
    // A side is done when even its first-coordinate gap cannot beat (or tie)
    // the current k-th distance.
    auto pruned = [&](int64_t j) {
      double g = points[j * d] - xi[0];
      return static_cast<int>(best.size()) == k && g * g > best.front().first;
    };
    for (int64_t left = pos - 1, right = pos + 1; left >= 0 || right < n;) {
      if (left >= 0) {
        if (pruned(byFirst[left]))
          left = -1;
        else
          consider(byFirst[left--]);
      }
      if (right < n) {
        if (pruned(byFirst[right]))
          right = n;
        else
          consider(byFirst[right++]);
      }
    }
    std::sort_heap(best.begin(), best.end());
    const std::vector<std::pair<double, int32_t>> &dist = best;
    const double dk2 = dist[k - 1].first;
    if (!(dk2 > 0.0))
      return rt::Status::error("point " + std::to_string(i) + " has " + std::to_string(k) +
                               " or more duplicates, so its k-th neighbour distance is 0");
    for (int q = 0; q < k; ++q) {
      double w = 0.5 * std::exp(-4.0 * dist[q].first / dk2);
      edges.push_back({static_cast<int32_t>(i), dist[q].second, w});
      edges.push_back({dist[q].second, static_cast<int32_t>(i), w});
    }
  }
  std::sort(edges.begin(), edges.end(), [](const Edge &a, const Edge &b) {
    return a.i != b.i ? a.i < b.i : a.j < b.j;
  });

  SparseMatrix w;
  w.n = n;
  w.rowStart.assign(static_cast<size_t>(n + 1), 0);
  for (size_t e = 0; e < edges.size();) {
    size_t f = e;
    double sum = 0.0;
    while (f < edges.size() && edges[f].i == edges[e].i && edges[f].j == edges[e].j)
      sum += edges[f++].w;
    w.col.push_back(edges[e].j);
    w.val.push_back(sum);
    ++w.rowStart[edges[e].i + 1];
    e = f;
  }
  for (int64_t i = 0; i < n; ++i)
    w.rowStart[i + 1] += w.rowStart[i];
  out = std::move(w);
  return rt::Status::success();
}

} // namespace thymos::ml
