//===- EnvelopeCholesky.cpp - Sparse Cholesky in a reverse Cuthill-McKee envelope -===//

#include "ml/EnvelopeCholesky.h"

#include <algorithm>
#include <cmath>

namespace thymos::ml {

namespace {

/// Breadth-first levels from `root` over unvisited nodes; returns the nodes
/// in visiting order, neighbours taken by increasing degree (Cuthill-McKee).
/// `stamp`/`mark` tell visited nodes apart without clearing an array.
std::vector<int32_t> bfs(const SparseMatrix &a, const std::vector<int64_t> &degree,
                         int32_t root, std::vector<int64_t> &mark, int64_t stamp,
                         const std::vector<char> &done, int64_t &levels, size_t &lastLevel) {
  std::vector<int32_t> order{root};
  mark[root] = stamp;
  levels = 0;
  std::vector<int32_t> next;
  for (size_t begin = 0; begin < order.size();) {
    size_t end = order.size();
    ++levels;
    lastLevel = begin;
    for (size_t q = begin; q < end; ++q) {
      int32_t v = order[q];
      next.clear();
      for (int64_t e = a.rowStart[v]; e < a.rowStart[v + 1]; ++e) {
        int32_t w = a.col[e];
        if (w != v && mark[w] != stamp && !done[w]) {
          mark[w] = stamp;
          next.push_back(w);
        }
      }
      std::sort(next.begin(), next.end(), [&](int32_t x, int32_t y) {
        return degree[x] != degree[y] ? degree[x] < degree[y] : x < y;
      });
      order.insert(order.end(), next.begin(), next.end());
    }
    begin = end;
  }
  return order;
}

} // namespace

void EnvelopeCholesky::analyse(const SparseMatrix &a) {
  n_ = a.n;
  std::vector<int64_t> degree(static_cast<size_t>(n_));
  for (int64_t i = 0; i < n_; ++i)
    degree[i] = a.rowStart[i + 1] - a.rowStart[i];
  std::vector<char> done(static_cast<size_t>(n_), 0);
  std::vector<int64_t> mark(static_cast<size_t>(n_), -1);
  int64_t stamp = 0;
  std::vector<int32_t> order;
  order.reserve(static_cast<size_t>(n_));
  for (int64_t seed = 0; seed < n_; ++seed) {
    if (done[seed])
      continue;
    // A pseudo-peripheral root (George & Liu): move to a low-degree node of
    // the last level while that makes the level structure deeper.
    const int32_t root = static_cast<int32_t>(seed);
    int64_t levels = 0;
    size_t lastLevel = 0;
    std::vector<int32_t> component =
        bfs(a, degree, root, mark, stamp++, done, levels, lastLevel);
    for (int round = 0; round < 8; ++round) {
      // The last level comes last in BFS order.
      int32_t candidate = component[lastLevel];
      for (size_t q = lastLevel; q < component.size(); ++q)
        if (degree[component[q]] < degree[candidate])
          candidate = component[q];
      int64_t candidateLevels = 0;
      size_t candidateLast = 0;
      std::vector<int32_t> tried =
          bfs(a, degree, candidate, mark, stamp++, done, candidateLevels, candidateLast);
      if (candidateLevels <= levels)
        break;
      levels = candidateLevels;
      lastLevel = candidateLast;
      component = std::move(tried);
    }
    for (int32_t v : component)
      done[v] = 1;
    order.insert(order.end(), component.begin(), component.end());
  }
  // Reversing the Cuthill-McKee order shrinks the envelope (reverse CM).
  perm_.assign(order.rbegin(), order.rend());
  inverse_.resize(static_cast<size_t>(n_));
  for (int64_t i = 0; i < n_; ++i)
    inverse_[perm_[i]] = static_cast<int32_t>(i);

  first_.resize(static_cast<size_t>(n_));
  start_.resize(static_cast<size_t>(n_ + 1));
  start_[0] = 0;
  for (int64_t i = 0; i < n_; ++i) {
    int64_t f = i, old = perm_[i];
    for (int64_t e = a.rowStart[old]; e < a.rowStart[old + 1]; ++e)
      f = std::min<int64_t>(f, inverse_[a.col[e]]);
    first_[i] = f;
    start_[i + 1] = start_[i] + (i - f + 1);
  }
  values_.assign(static_cast<size_t>(start_[n_]), 0.0);
  work_.resize(static_cast<size_t>(n_));
}

bool EnvelopeCholesky::factor(const SparseMatrix &a, double shift) {
  std::fill(values_.begin(), values_.end(), 0.0);
  for (int64_t old = 0; old < n_; ++old) {
    const int64_t i = inverse_[old];
    for (int64_t e = a.rowStart[old]; e < a.rowStart[old + 1]; ++e) {
      const int64_t j = inverse_[a.col[e]];
      if (j <= i)
        values_[start_[i] + (j - first_[i])] += a.val[e];
    }
    values_[start_[i] + (i - first_[i])] += shift;
  }
  // Row by row: L_ij = (A_ij - Σ_k L_ik L_jk) / L_jj over the columns both
  // rows store, then L_ii = sqrt(A_ii - Σ_k L_ik²). Row i holds columns
  // first_[i]..i, so L_ik is li[k - fi].
  for (int64_t i = 0; i < n_; ++i) {
    double *li = values_.data() + start_[i];
    const int64_t fi = first_[i];
    for (int64_t j = fi; j < i; ++j) {
      const double *lj = values_.data() + start_[j];
      const int64_t fj = first_[j];
      double s = li[j - fi];
      for (int64_t k = std::max(fi, fj); k < j; ++k)
        s -= li[k - fi] * lj[k - fj];
      li[j - fi] = s / lj[j - fj];
    }
    double d = li[i - fi];
    for (int64_t k = fi; k < i; ++k)
      d -= li[k - fi] * li[k - fi];
    if (!(d > 0.0))
      return false;
    li[i - fi] = std::sqrt(d);
  }
  return true;
}

void EnvelopeCholesky::solve(std::vector<double> &b) const {
  std::vector<double> &z = work_;
  for (int64_t i = 0; i < n_; ++i)
    z[i] = b[perm_[i]];
  for (int64_t i = 0; i < n_; ++i) { // L z = P b
    const double *li = values_.data() + start_[i];
    const int64_t fi = first_[i];
    double s = z[i];
    for (int64_t k = fi; k < i; ++k)
      s -= li[k - fi] * z[k];
    z[i] = s / li[i - fi];
  }
  for (int64_t i = n_ - 1; i >= 0; --i) { // Lᵀ x = z, by columns of Lᵀ
    const double *li = values_.data() + start_[i];
    const int64_t fi = first_[i];
    z[i] /= li[i - fi];
    const double xi = z[i];
    for (int64_t k = fi; k < i; ++k)
      z[k] -= li[k - fi] * xi;
  }
  for (int64_t i = 0; i < n_; ++i)
    b[perm_[i]] = z[i];
}

} // namespace thymos::ml
