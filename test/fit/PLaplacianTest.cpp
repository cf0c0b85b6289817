//===- PLaplacianTest.cpp - Newton's method on graphs with known minimisers --===//

#include "ml/KnnGraph.h"
#include "ml/PLaplacian.h"
#include "ml/Sampling.h"

#include <catch2/catch.hpp>

#include <cmath>

using namespace thymos::ml;

namespace {

/// A symmetric matrix from undirected edges (i, j, w).
SparseMatrix fromEdges(int64_t n, const std::vector<std::tuple<int32_t, int32_t, double>> &edges) {
  std::vector<std::vector<std::pair<int32_t, double>>> rows(static_cast<size_t>(n));
  for (auto [i, j, w] : edges) {
    rows[i].push_back({j, w});
    rows[j].push_back({i, w});
  }
  SparseMatrix m;
  m.n = n;
  m.rowStart.push_back(0);
  for (auto &r : rows) {
    std::sort(r.begin(), r.end());
    for (auto [j, w] : r) {
      m.col.push_back(j);
      m.val.push_back(w);
    }
    m.rowStart.push_back(static_cast<int64_t>(m.col.size()));
  }
  return m;
}

} // namespace

TEST_CASE("on a path with labelled ends the minimiser is linear for every p", "[plap]") {
  // E = 2 Σ |u_{i+1} - u_i|^p with the sum of the steps fixed: by convexity
  // and symmetry all steps are equal, u_i = i/m.
  const int m = 8;
  std::vector<std::tuple<int32_t, int32_t, double>> edges;
  for (int i = 0; i < m; ++i)
    edges.emplace_back(i, i + 1, 1.0);
  SparseMatrix w = fromEdges(m + 1, edges);
  std::vector<char> labelled(m + 1, 0);
  labelled[0] = labelled[m] = 1;
  std::vector<double> u(m + 1, 0.0);
  u[m] = 1.0;
  for (double p : {2.0, 3.0, 4.0}) {
    PLaplacianOptions options;
    options.p = p;
    // From p = 2's solution, as the tool does.
    PLaplacianOptions two = options;
    two.p = 2.0;
    PLaplacianResult start = solvePLaplacian(w, labelled, u, two, nullptr);
    PLaplacianResult r = solvePLaplacian(w, labelled, start.u, options, nullptr);
    REQUIRE(r.converged);
    for (int i = 0; i <= m; ++i)
      CHECK(r.u[i] == Approx(double(i) / m).margin(1e-12));
    CHECK(r.history.back().energy == Approx(2.0 * m * std::pow(1.0 / m, p)).epsilon(1e-12));
  }
}

TEST_CASE("one free node between two labels balances p-th powers", "[plap]") {
  // E = 2(a|u|^p + b|1 - u|^p): p·a·u^(p-1) = p·b·(1-u)^(p-1), so
  // u/(1-u) = (b/a)^(1/(p-1)).
  const double a = 0.3, b = 2.0;
  SparseMatrix w = fromEdges(3, {{0, 1, a}, {1, 2, b}});
  std::vector<char> labelled{1, 0, 1};
  for (double p : {2.0, 2.5, 3.0, 4.0, 6.0}) {
    PLaplacianOptions options;
    options.p = p;
    options.tolerance = 1e-14; // |u - u*| is about |grad| / curvature
    PLaplacianResult r = solvePLaplacian(w, labelled, {0.0, 0.5, 1.0}, options, nullptr);
    REQUIRE(r.converged);
    const double ratio = std::pow(b / a, 1.0 / (p - 1.0));
    CHECK(r.u[1] == Approx(ratio / (1.0 + ratio)).epsilon(1e-12));
  }
}

TEST_CASE("the gradient is the derivative of the energy", "[plap]") {
  Sample s = sampleMoons(60, 0.1, 2);
  SparseMatrix w;
  REQUIRE(buildKnnGraph(s.x.data(), s.rows, 2, 5, w).ok());
  std::vector<char> labelled(60, 0);
  labelled[0] = 1;
  std::vector<double> u(60);
  Random rng(4);
  for (double &v : u)
    v = rng.uniform();
  for (double p : {2.0, 3.0, 4.5}) {
    std::vector<double> g;
    pGradient(w, u, p, labelled, g);
    CHECK(g[0] == 0.0);
    for (int i : {3, 17, 42}) {
      const double h = 1e-6;
      std::vector<double> up = u, down = u;
      up[i] += h;
      down[i] -= h;
      const double fd = (pEnergy(w, up, p) - pEnergy(w, down, p)) / (2 * h);
      CHECK(g[i] == Approx(fd).epsilon(1e-6));
    }
  }
}

TEST_CASE("Newton on two moons: monotone energy, quadratic end", "[plap]") {
  Sample s = sampleMoons(400, 0.1, 9);
  SparseMatrix w;
  REQUIRE(buildKnnGraph(s.x.data(), s.rows, 2, 10, w).ok());
  std::vector<char> labelled(400, 0);
  std::vector<double> u(400, 0.0);
  for (int i = 0; i < 8; ++i) {
    labelled[i] = 1;
    u[i] = 2.0 * s.y[i] - 1.0;
  }
  PLaplacianOptions two;
  PLaplacianResult start = solvePLaplacian(w, labelled, u, two, nullptr);
  REQUIRE(start.converged);
  CHECK(start.history.size() == 2); // one Newton step is the linear solve
  for (double p : {3.0, 4.0}) {
    PLaplacianOptions options;
    options.p = p;
    PLaplacianResult r = solvePLaplacian(w, labelled, start.u, options, nullptr);
    REQUIRE(r.converged);
    for (size_t k = 1; k < r.history.size(); ++k)
      CHECK(r.history[k].energy <= r.history[k - 1].energy);
    CHECK(r.history.back().gradientNorm < 1e-10);
    CHECK(r.history.size() < 20);
  }
}
