//===- GraphsTest.cpp - Emitted .thy graphs, compiled and run ----------------===//
//
// The modules thymos-fit writes are compiled and run here through the same
// pipeline as thymosc and thymos-run (ml/GraphRunner.h), and their outputs
// compared with the formulas computed directly in C++: kernel expansions,
// the nearest-node extension, and the LS-SVR training graph against a
// dense solve of the full KKT system.

#include "ml/GraphRunner.h"
#include "ml/LssvrGraph.h"
#include "ml/PredictGraphs.h"
#include "ml/Sampling.h"

#include <catch2/catch.hpp>

#include <cmath>

using namespace thymos::ml;

namespace {

/// Compiles `text` and runs `entry` on x (rows x d); returns output #k.
std::vector<double> run(const std::string &text, const std::string &entry,
                        const NamedTensors &inputs, size_t k = 0) {
  std::vector<unsigned char> plan;
  thymos::rt::Status s = compileModuleText(text, "test.thy", plan);
  INFO(s.message());
  REQUIRE(s.ok());
  NamedTensors outputs;
  s = runEntry(plan, entry, inputs, outputs);
  INFO(s.message());
  REQUIRE(s.ok());
  REQUIRE(outputs.size() > k);
  return outputs[k].second.data;
}

KernelExpansion smallModel(KernelKind kind, int64_t d) {
  KernelExpansion m;
  m.kernel.kind = kind;
  m.kernel.gamma = 0.7;
  m.kernel.coef0 = 0.5;
  m.kernel.degree = 3;
  m.features = d;
  Random rng(21);
  for (int s = 0; s < 7; ++s) {
    m.coef.push_back(rng.uniform() - 0.5);
    for (int64_t j = 0; j < d; ++j)
      m.centers.push_back(2.0 * rng.uniform() - 1.0);
  }
  m.bias = 0.25;
  m.scaler = Standardizer::identity(d);
  for (int64_t j = 0; j < d; ++j) {
    m.scaler.mean[j] = 0.1 * double(j);
    m.scaler.scale[j] = 1.0 + 0.5 * double(j);
  }
  m.scaler.yMean = 3.0;
  m.scaler.yScale = 2.0;
  return m;
}

} // namespace

TEST_CASE("kernel expansion graphs compute the expansion", "[graphs]") {
  const int64_t d = 3, rows = 5;
  Sample x = sampleUniform(rows, d, 8);
  for (KernelKind kind : {KernelKind::Rbf, KernelKind::Linear, KernelKind::Polynomial}) {
    KernelExpansion m = smallModel(kind, d);
    // Both ways of computing distances: broadcasting and the matmul form.
    for (int64_t limit : {kBroadcastLimit, int64_t(0)}) {
      std::string text = kernelExpansionModule("m", "test", m, rows, limit);
      std::vector<double> y = run(text, "predict", {{"x", {{rows, d}, x.x}}});
      for (int64_t i = 0; i < rows; ++i)
        CHECK(y[i] == Approx(predictKernelExpansion(m, x.x.data() + i * d)).epsilon(1e-12));
    }
  }
}

TEST_CASE("the evaluate graph reports mse and r2", "[graphs]") {
  const int64_t d = 2, rows = 6;
  KernelExpansion m = smallModel(KernelKind::Rbf, d);
  Sample x = sampleUniform(rows, d, 3);
  std::vector<double> target{1.0, 4.0, 2.0, 8.0, 5.0, 7.0}, f(rows);
  double sse = 0.0, sst = 0.0, mean = 27.0 / 6.0;
  for (int64_t i = 0; i < rows; ++i) {
    f[i] = predictKernelExpansion(m, x.x.data() + i * d);
    sse += (f[i] - target[i]) * (f[i] - target[i]);
    sst += (target[i] - mean) * (target[i] - mean);
  }
  std::string text = kernelExpansionModule("m", "test", m, rows);
  NamedTensors inputs{{"x", {{rows, d}, x.x}}, {"y", {{rows, 1}, target}}};
  CHECK(run(text, "evaluate", inputs, 0)[0] == Approx(sse / rows).epsilon(1e-12));
  CHECK(run(text, "evaluate", inputs, 1)[0] == Approx(1.0 - sse / sst).epsilon(1e-12));
}

TEST_CASE("new points take the u of their nearest node", "[graphs]") {
  NearestNodeModel m;
  m.features = 2;
  Sample nodes = sampleUniform(30, 2, 4);
  m.nodes = nodes.x;
  Random rng(6);
  for (int i = 0; i < 30; ++i)
    m.u.push_back(2.0 * rng.uniform() - 1.0);
  // Queries: fresh points, plus every node itself (distance exactly 0).
  Sample queries = sampleUniform(10, 2, 5);
  std::vector<double> x = queries.x;
  x.insert(x.end(), m.nodes.begin(), m.nodes.end());
  const int64_t rows = 40;
  for (bool classify : {false, true}) {
    m.classify = classify;
    for (int64_t limit : {kBroadcastLimit, int64_t(0)}) {
      std::vector<double> y =
          run(nearestNodeModule("m", "test", m, rows, limit), "predict", {{"x", {{rows, 2}, x}}});
      for (int64_t q = 0; q < rows; ++q) {
        int64_t best = 0;
        double bestD = INFINITY;
        for (int64_t j = 0; j < 30; ++j) {
          double dx = x[2 * q] - m.nodes[2 * j], dy = x[2 * q + 1] - m.nodes[2 * j + 1];
          if (dx * dx + dy * dy < bestD) {
            bestD = dx * dx + dy * dy;
            best = j;
          }
        }
        const double want = classify ? (m.u[best] > 0 ? 1.0 : -1.0) : m.u[best];
        CHECK(y[q] == want);
      }
    }
  }
}

TEST_CASE("two equally near nodes share the prediction", "[graphs]") {
  NearestNodeModel m;
  m.features = 1;
  m.nodes = {0.0, 2.0, 5.0};
  m.u = {1.0, 4.0, -3.0};
  std::vector<double> y = run(nearestNodeModule("m", "test", m, 2), "predict",
                              {{"x", {{2, 1}, {1.0, 4.0}}}});
  CHECK(y[0] == 2.5); // halfway between the first two nodes
  CHECK(y[1] == -3.0);
}

namespace {

/// The LS-SVR KKT system [[0, 1ᵀ], [1, K + I/γ]]·[b; α] = [0; y], solved
/// densely by Gaussian elimination with partial pivoting.
std::vector<double> solveKkt(const std::vector<double> &z, const std::vector<double> &t,
                             int64_t n, int64_t d, double gamma, double sigma2) {
  const int64_t m = n + 1;
  std::vector<double> a(static_cast<size_t>(m * m), 0.0), rhs(static_cast<size_t>(m), 0.0);
  for (int64_t i = 0; i < n; ++i) {
    a[(i + 1) * m] = a[i + 1] = 1.0;
    rhs[i + 1] = t[i];
    for (int64_t j = 0; j < n; ++j) {
      double s = 0.0;
      for (int64_t c = 0; c < d; ++c)
        s += (z[i * d + c] - z[j * d + c]) * (z[i * d + c] - z[j * d + c]);
      a[(i + 1) * m + j + 1] = std::exp(-s / sigma2) + (i == j ? 1.0 / gamma : 0.0);
    }
  }
  for (int64_t k = 0; k < m; ++k) {
    int64_t p = k;
    for (int64_t i = k + 1; i < m; ++i)
      if (std::fabs(a[i * m + k]) > std::fabs(a[p * m + k]))
        p = i;
    for (int64_t j = 0; j < m; ++j)
      std::swap(a[k * m + j], a[p * m + j]);
    std::swap(rhs[k], rhs[p]);
    for (int64_t i = k + 1; i < m; ++i) {
      double f = a[i * m + k] / a[k * m + k];
      for (int64_t j = k; j < m; ++j)
        a[i * m + j] -= f * a[k * m + j];
      rhs[i] -= f * rhs[k];
    }
  }
  for (int64_t i = m - 1; i >= 0; --i) {
    for (int64_t j = i + 1; j < m; ++j)
      rhs[i] -= a[i * m + j] * rhs[j];
    rhs[i] /= a[i * m + i];
  }
  return rhs; // [b; α]
}

} // namespace

TEST_CASE("the LS-SVR training graph solves the KKT system", "[graphs][lssvr]") {
  const int64_t n = 15, d = 3;
  Sample s = sampleFriedman1(n, 0.3, 12);
  std::vector<double> x;
  for (int64_t i = 0; i < n; ++i)
    x.insert(x.end(), s.x.begin() + i * 10, s.x.begin() + i * 10 + d);
  for (bool standardize : {false, true}) {
    LssvrParams params;
    params.gamma = 4.0;
    params.sigma2 = 0.7;
    params.standardize = standardize;
    std::vector<double> z = x, t = s.y;
    if (standardize) { // mean and population std, here in two passes
      Dataset data;
      data.rows = n;
      data.features = d;
      data.x = x;
      data.y = s.y;
      Standardizer st;
      REQUIRE(Standardizer::fit(data, true, st).ok());
      st.apply(data);
      z = data.x;
      t = data.y;
    }
    std::vector<double> want = solveKkt(z, t, n, d, params.gamma, params.sigma2);
    NamedTensors inputs{{"x", {{n, d}, x}}, {"y", {{n, 1}, s.y}}};
    std::string text = lssvrFitModule(n, d, params);
    std::vector<double> alpha = run(text, "fit", inputs, 0), b = run(text, "fit", inputs, 1);
    CHECK(b[0] == Approx(want[0]).epsilon(1e-10));
    for (int64_t i = 0; i < n; ++i)
      CHECK(alpha[i] == Approx(want[i + 1]).epsilon(1e-9).margin(1e-12));
  }
}

TEST_CASE("the samplers are deterministic and shaped as documented", "[sampling]") {
  Sample a = sampleMoons(101, 0.1, 3), b = sampleMoons(101, 0.1, 3);
  CHECK(a.x == b.x);
  int ones = 0;
  for (double y : a.y)
    ones += y == 1.0;
  CHECK(ones == 51); // the inner moon gets the odd point
  Sample u = sampleUniform(1000, 3, 1);
  for (double v : u.x) {
    CHECK(v >= 0.0);
    CHECK(v < 1.0);
  }
  CHECK(std::isnan(u.y[0]));
  CHECK(sampleUniform(4, 2, 1).x != sampleUniform(4, 2, 2).x);
}
