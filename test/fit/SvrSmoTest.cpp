//===- SvrSmoTest.cpp - epsilon-SVR by SMO against closed forms and KKT ------===//
//
// The comparison with an independent dense QP solution on real data is in
// test/lit/fit/svr-*.test; here, problems whose solution is known in closed
// form, the optimality conditions seen from the primal side, and the kernel
// row cache.

#include "ml/Sampling.h"
#include "ml/SvrSmo.h"

#include <catch2/catch.hpp>

#include <cmath>

using namespace thymos::ml;

TEST_CASE("two points and a linear kernel are interpolated", "[svr]") {
  // K = [[0, 0], [0, 1]]: the dual is min ½β₁² - 2β₁ with β₀ = -β₁, so
  // β = (-2, 2), objective -2, and f(x) = 2x interpolates both points (b = 0).
  const double x[] = {0.0, 1.0}, z[] = {0.0, 2.0};
  SvrParams params;
  params.kernel.kind = KernelKind::Linear;
  params.C = 100.0;
  params.epsilon = 0.0;
  params.tol = 1e-12;
  SvrResult r = trainSvr(x, z, 2, 1, params);
  REQUIRE(r.converged);
  CHECK(r.beta[0] == Approx(-2.0).epsilon(1e-10));
  CHECK(r.beta[1] == Approx(2.0).epsilon(1e-10));
  CHECK(r.b == Approx(0.0).margin(1e-10));
  CHECK(r.objective == Approx(-2.0).epsilon(1e-12));
  CHECK(r.supportVectors == 2);
}

TEST_CASE("a tube wider than the targets needs no support vectors", "[svr]") {
  // With every |z_i - b| <= eps for b = (max z + min z)/2, a = 0 is optimal
  // and b is the middle of the feasible interval [max z - eps, min z + eps].
  const double x[] = {0.0, 1.0, 2.0, 3.0}, z[] = {0.3, -0.2, 0.9, 0.1};
  SvrParams params;
  params.epsilon = 5.0;
  SvrResult r = trainSvr(x, z, 4, 1, params);
  REQUIRE(r.converged);
  CHECK(r.iterations == 0);
  CHECK(r.supportVectors == 0);
  CHECK(r.b == Approx((0.9 + -0.2) / 2.0));
}

namespace {

/// f(x_i) for the training points.
std::vector<double> fitted(const Sample &s, const SvrParams &params, const SvrResult &r) {
  std::vector<double> f(static_cast<size_t>(s.rows), r.b);
  for (int64_t i = 0; i < s.rows; ++i)
    for (int64_t j = 0; j < s.rows; ++j)
      f[i] += r.beta[j] * params.kernel(s.x.data() + j * s.features,
                                        s.x.data() + i * s.features, s.features);
  return f;
}

} // namespace

TEST_CASE("the SVR solution satisfies the KKT conditions to the tolerance", "[svr]") {
  // For residuals r_i = z_i - f(x_i): beta_i = 0 inside the tube (|r_i| <= eps),
  // 0 < |beta_i| < C on its edge (r_i = eps·sign(beta_i)), |beta_i| = C on or
  // outside it. A gap m - M < tol bounds every violation by tol.
  Sample s = sampleFriedman1(60, 1.0, 7);
  for (double &v : s.y)
    v /= 10.0;
  for (KernelKind kind : {KernelKind::Rbf, KernelKind::Linear, KernelKind::Polynomial}) {
    SvrParams params;
    params.kernel.kind = kind;
    params.kernel.gamma = 0.5;
    params.kernel.coef0 = 1.0;
    params.kernel.degree = 2;
    params.C = 3.0;
    params.epsilon = 0.05;
    params.tol = 1e-8;
    SvrResult r = trainSvr(s.x.data(), s.y.data(), s.rows, s.features, params);
    REQUIRE(r.converged);
    std::vector<double> f = fitted(s, params, r);
    double sum = 0.0;
    for (int64_t i = 0; i < s.rows; ++i) {
      const double res = s.y[i] - f[i], beta = r.beta[i];
      INFO("kernel " << params.kernel.describe() << ", point " << i << ": beta " << beta
                     << ", residual " << res);
      sum += beta;
      CHECK(std::fabs(beta) <= params.C);
      if (beta == 0.0)
        CHECK(std::fabs(res) <= params.epsilon + 1e-7);
      else if (std::fabs(beta) < params.C)
        CHECK(res == Approx(std::copysign(params.epsilon, beta)).margin(1e-7));
      else
        CHECK(res * std::copysign(1.0, beta) >= params.epsilon - 1e-7);
    }
    CHECK(sum == Approx(0.0).margin(1e-9)); // Σ beta = 0 is yᵀa = 0
  }
}

TEST_CASE("a kernel cache of two rows gives the same solution as a full one", "[svr]") {
  Sample s = sampleFriedman1(80, 0.5, 3);
  SvrParams params;
  params.kernel.gamma = 0.2;
  params.C = 10.0;
  SvrResult full = trainSvr(s.x.data(), s.y.data(), s.rows, s.features, params);
  params.cacheBytes = 1.0; // rounds up to two rows
  SvrResult tiny = trainSvr(s.x.data(), s.y.data(), s.rows, s.features, params);
  CHECK(tiny.iterations == full.iterations);
  CHECK(tiny.beta == full.beta);
  CHECK(tiny.b == full.b);
  CHECK(tiny.kernelEvaluations > full.kernelEvaluations);
}

TEST_CASE("shrinking reaches the solution of the unshrunk solver", "[svr]") {
  // Small C puts many variables at the upper bound, so shrinking sets aside
  // variables at both bounds and the gradient is rebuilt through Gbar; the
  // two runs stop at different points within tol of the same optimum.
  Sample s = sampleFriedman1(400, 1.0, 11);
  for (double &v : s.y)
    v /= 5.0;
  for (double C : {0.05, 5.0}) {
    SvrParams params;
    params.kernel.gamma = 0.3;
    params.C = C;
    params.epsilon = 0.05;
    params.tol = 1e-9;
    params.shrinking = false;
    SvrResult plain = trainSvr(s.x.data(), s.y.data(), s.rows, s.features, params);
    params.shrinking = true;
    SvrResult shrunk = trainSvr(s.x.data(), s.y.data(), s.rows, s.features, params);
    INFO("C = " << C);
    REQUIRE(plain.converged);
    REQUIRE(shrunk.converged);
    CHECK(shrunk.gap < params.tol);
    CHECK(shrunk.objective == Approx(plain.objective).epsilon(1e-10));
    CHECK(shrunk.b == Approx(plain.b).margin(1e-7));
    CHECK(shrunk.supportVectors == plain.supportVectors);
    CHECK(shrunk.boundedSupportVectors == plain.boundedSupportVectors);
    if (C < 1.0)
      CHECK(shrunk.boundedSupportVectors > s.rows / 4);
    for (int64_t i = 0; i < s.rows; ++i)
      CHECK(shrunk.beta[i] == Approx(plain.beta[i]).margin(1e-6 * C));
  }
}

TEST_CASE("a run stopped while shrunk reports a whole gradient", "[svr]") {
  // At the iteration limit the stale gradients of set-aside variables are
  // rebuilt before b and the objective are computed: the objective must equal
  // ½βᵀKβ + ε|β|₁ - zᵀβ evaluated directly. That form assumes no point has
  // a+ and a- positive together, which holds in this run; were it not so,
  // the check would fail rather than pass wrongly. Unlimited, this run takes
  // about 5200 iterations; shrinking passes come every 600.
  Sample s = sampleFriedman1(300, 1.0, 5);
  SvrParams params;
  params.kernel.gamma = 0.3;
  params.C = 10.0;
  params.epsilon = 0.1;
  params.maxIterations = 2000;
  params.tol = 1e-12;
  SvrResult r = trainSvr(s.x.data(), s.y.data(), s.rows, s.features, params);
  REQUIRE_FALSE(r.converged);
  double quadratic = 0.0, linear = 0.0;
  for (int64_t i = 0; i < s.rows; ++i) {
    linear += params.epsilon * std::fabs(r.beta[i]) - s.y[i] * r.beta[i];
    for (int64_t j = 0; j < s.rows; ++j)
      quadratic += r.beta[i] * r.beta[j] *
                   params.kernel(s.x.data() + i * s.features, s.x.data() + j * s.features,
                                 s.features);
  }
  CHECK(r.objective == Approx(0.5 * quadratic + linear).epsilon(1e-10));
}
