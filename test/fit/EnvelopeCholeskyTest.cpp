//===- EnvelopeCholeskyTest.cpp - Sparse Cholesky against a dense solve ------===//

#include "ml/EnvelopeCholesky.h"
#include "ml/Sampling.h"

#include <catch2/catch.hpp>

#include <cmath>
#include <map>

using namespace thymos::ml;

namespace {

/// Compressed rows from a map of (row, column) -> value.
SparseMatrix fromEntries(int64_t n, const std::map<std::pair<int64_t, int64_t>, double> &m) {
  SparseMatrix a;
  a.n = n;
  a.rowStart.assign(static_cast<size_t>(n + 1), 0);
  for (const auto &[ij, v] : m) {
    a.col.push_back(static_cast<int32_t>(ij.second));
    a.val.push_back(v);
    ++a.rowStart[ij.first + 1];
  }
  for (int64_t i = 0; i < n; ++i)
    a.rowStart[i + 1] += a.rowStart[i];
  return a;
}

/// Gaussian elimination with partial pivoting on the dense copy.
std::vector<double> denseSolve(const SparseMatrix &a, std::vector<double> b) {
  const int64_t n = a.n;
  std::vector<double> m(static_cast<size_t>(n * n), 0.0);
  for (int64_t i = 0; i < n; ++i)
    for (int64_t e = a.rowStart[i]; e < a.rowStart[i + 1]; ++e)
      m[i * n + a.col[e]] = a.val[e];
  for (int64_t k = 0; k < n; ++k) {
    int64_t p = k;
    for (int64_t i = k + 1; i < n; ++i)
      if (std::fabs(m[i * n + k]) > std::fabs(m[p * n + k]))
        p = i;
    for (int64_t j = 0; j < n; ++j)
      std::swap(m[k * n + j], m[p * n + j]);
    std::swap(b[k], b[p]);
    for (int64_t i = k + 1; i < n; ++i) {
      double f = m[i * n + k] / m[k * n + k];
      for (int64_t j = k; j < n; ++j)
        m[i * n + j] -= f * m[k * n + j];
      b[i] -= f * b[k];
    }
  }
  for (int64_t i = n - 1; i >= 0; --i) {
    for (int64_t j = i + 1; j < n; ++j)
      b[i] -= m[i * n + j] * b[j];
    b[i] /= m[i * n + i];
  }
  return b;
}

/// A weighted Laplacian of a g x g grid whose nodes are numbered in a
/// scrambled order (so the ordering has work to do), plus `diagonal`·I,
/// and a second, disconnected grid when `twoComponents`.
SparseMatrix scrambledGrid(int64_t g, double diagonal, bool twoComponents) {
  const int64_t per = g * g, n = twoComponents ? 2 * per : per;
  std::vector<int64_t> label(static_cast<size_t>(n));
  Random rng(11);
  for (int64_t i = 0; i < n; ++i)
    label[i] = i;
  for (int64_t i = n - 1; i > 0; --i)
    std::swap(label[i], label[rng.next() % uint64_t(i + 1)]);
  std::map<std::pair<int64_t, int64_t>, double> m;
  auto edge = [&](int64_t a, int64_t b, double w) {
    a = label[a];
    b = label[b];
    m[{a, b}] -= w;
    m[{b, a}] -= w;
    m[{a, a}] += w;
    m[{b, b}] += w;
  };
  for (int64_t c = 0; c < (twoComponents ? 2 : 1); ++c)
    for (int64_t r = 0; r < g; ++r)
      for (int64_t s = 0; s < g; ++s) {
        const int64_t v = c * per + r * g + s;
        if (s + 1 < g)
          edge(v, v + 1, 0.5 + rng.uniform());
        if (r + 1 < g)
          edge(v, v + g, 0.5 + rng.uniform());
      }
  for (int64_t i = 0; i < n; ++i)
    m[{i, i}] += diagonal;
  return fromEntries(n, m);
}

} // namespace

TEST_CASE("the envelope Cholesky solve matches dense elimination", "[cholesky]") {
  for (bool two : {false, true}) {
    SparseMatrix a = scrambledGrid(9, 0.01, two);
    EnvelopeCholesky chol;
    chol.analyse(a);
    // Reverse Cuthill-McKee keeps the envelope far below the dense triangle.
    CHECK(chol.envelopeSize() < a.n * (a.n + 1) / 2 / 3);
    REQUIRE(chol.factor(a));
    std::vector<double> b(static_cast<size_t>(a.n));
    Random rng(5);
    for (double &v : b)
      v = rng.uniform() - 0.5;
    std::vector<double> want = denseSolve(a, b), x = b;
    chol.solve(x);
    for (int64_t i = 0; i < a.n; ++i)
      CHECK(x[i] == Approx(want[i]).epsilon(1e-10));
  }
}

TEST_CASE("a shift is added to the diagonal", "[cholesky]") {
  // The pure Laplacian is singular (constants are in its null space);
  // factor() refuses it and accepts it shifted.
  SparseMatrix a = scrambledGrid(5, 0.0, false);
  EnvelopeCholesky chol;
  chol.analyse(a);
  CHECK_FALSE(chol.factor(a, -1e-3));
  REQUIRE(chol.factor(a, 0.25));
  SparseMatrix shifted = scrambledGrid(5, 0.25, false);
  std::vector<double> b(static_cast<size_t>(a.n), 1.0), want = denseSolve(shifted, b);
  chol.solve(b);
  for (int64_t i = 0; i < a.n; ++i)
    CHECK(b[i] == Approx(want[i]).epsilon(1e-10));
}
