//===- SvrSmo.cpp - epsilon-SVR trained by SMO on the dual ------------------===//
//
// Variables t < l are a+ (y_t = +1), t >= l are a- (y_t = -1); both halves
// index the same kernel rows, so only K(x_i, ·) over the l points is cached.
//
// Moving the pair (i, j) by a step delta >= 0 along y_i e_i - y_j e_j keeps
// yᵀa = 0. Along that line the objective changes at rate
// y_i G_i - y_j G_j = -b_ij < 0 with curvature a_ij = K_ii + K_jj - 2K_ij, so
// the unconstrained minimiser is delta = b_ij / a_ij, clipped to the box. The
// gradient G = Qa + p then changes by y_t·delta·(K_ti - K_tj) for every t.
//
//===----------------------------------------------------------------------===//

#include "ml/SvrSmo.h"

#include <algorithm>
#include <cmath>
#include <limits>

namespace thymos::ml {

namespace {

/// Curvature used where a_ij <= 0 (a pair of identical points, or a kernel
/// that is not positive definite): a large but finite step, then clipped.
constexpr double kTau = 1e-12;

struct Violation {
  double m = -std::numeric_limits<double>::infinity(); // max over I_up of -y G
  double M = std::numeric_limits<double>::infinity();  // min over I_low of -y G
  int64_t i = -1;                                      // the argmax of m
};

} // namespace

SvrResult trainSvr(const double *x, const double *z, int64_t l, int64_t d,
                   const SvrParams &params, const SvrProgress &progress, int64_t progressEvery) {
  const int64_t n = 2 * l;
  const double C = params.C;
  std::vector<double> a(static_cast<size_t>(n), 0.0), G(static_cast<size_t>(n)),
      p(static_cast<size_t>(n));
  auto yOf = [l](int64_t t) { return t < l ? 1.0 : -1.0; };
  for (int64_t t = 0; t < l; ++t) {
    p[t] = params.epsilon - z[t];
    p[t + l] = params.epsilon + z[t];
  }
  G = p; // a = 0
  // I_up: a_t can grow along y_t; I_low: a_t can shrink along y_t.
  auto inUp = [&](int64_t t) { return t < l ? a[t] < C : a[t] > 0.0; };
  auto inLow = [&](int64_t t) { return t < l ? a[t] > 0.0 : a[t] < C; };

  KernelRows K(params.kernel, x, l, d, params.cacheBytes);
  const int64_t maxIterations =
      params.maxIterations > 0 ? params.maxIterations : std::max<int64_t>(10000000, 100 * l);

  auto violation = [&] {
    Violation v;
    for (int64_t t = 0; t < n; ++t) {
      double g = -yOf(t) * G[t];
      if (inUp(t) && g > v.m) {
        v.m = g;
        v.i = t;
      }
      if (inLow(t) && g < v.M)
        v.M = g;
    }
    return v;
  };
  auto objective = [&] {
    double s = 0.0;
    for (int64_t t = 0; t < n; ++t)
      s += a[t] * (G[t] + p[t]);
    return 0.5 * s;
  };

  SvrResult result;
  int64_t iter = 0;
  Violation v;
  for (;; ++iter) {
    v = violation();
    if (v.i < 0 || v.m - v.M < params.tol) {
      result.converged = true;
      break;
    }
    if (iter >= maxIterations)
      break;
    if (progress && iter > 0 && iter % progressEvery == 0)
      progress(iter, v.m - v.M, objective());

    const int64_t i = v.i, ri = i % l;
    const double *Ki = K.row(ri);
    const double Kii = K.diagonal(ri);
    // Second-order choice of j: the largest guaranteed decrease b²/a. The
    // two halves (a+ and a-) share kernel row r = t mod l.
    int64_t j = -1;
    double best = std::numeric_limits<double>::infinity();
    auto consider = [&](int64_t t, int64_t r, double g) {
      if (!(g < v.m))
        return;
      double b = v.m - g;
      double curv = Kii + K.diagonal(r) - 2.0 * Ki[r];
      if (curv <= 0.0)
        curv = kTau;
      double gain = -(b * b) / curv;
      if (gain < best) {
        best = gain;
        j = t;
      }
    };
    for (int64_t r = 0; r < l; ++r)
      if (a[r] > 0.0) // a+ in I_low
        consider(r, r, -G[r]);
    for (int64_t r = 0; r < l; ++r)
      if (a[r + l] < C) // a- in I_low
        consider(r + l, r, G[r + l]);
    if (j < 0) // cannot happen while m - M >= tol > 0; stop rather than loop
      break;
    const int64_t rj = j % l;
    const double *Kj = K.row(rj); // Ki stays valid: the cache holds two rows
    double curv = Kii + K.diagonal(rj) - 2.0 * Ki[rj];
    if (curv <= 0.0)
      curv = kTau;
    double delta = (v.m + yOf(j) * G[j]) / curv;
    const double boundI = i < l ? C - a[i] : a[i];
    const double boundJ = j < l ? a[j] : C - a[j];
    delta = std::min({delta, boundI, boundJ});
    a[i] += yOf(i) * delta;
    a[j] -= yOf(j) * delta;
    // Land exactly on a bound when clipped, so set membership is exact.
    if (delta == boundI)
      a[i] = i < l ? C : 0.0;
    if (delta == boundJ)
      a[j] = j < l ? 0.0 : C;
    for (int64_t t = 0; t < l; ++t) {
      double change = delta * (Ki[t] - Kj[t]);
      G[t] += change;
      G[t + l] -= change;
    }
  }

  // b = -rho, where rho = y_t G_t for every free variable at the optimum;
  // average over the free ones, else take the middle of [-M, -m].
  double sumFree = 0.0;
  int64_t free = 0;
  for (int64_t t = 0; t < n; ++t) {
    if (a[t] > 0.0 && a[t] < C) {
      sumFree += yOf(t) * G[t];
      ++free;
    }
  }
  const double rho = free > 0 ? sumFree / double(free) : -(v.m + v.M) / 2.0;

  result.beta.resize(static_cast<size_t>(l));
  for (int64_t s = 0; s < l; ++s) {
    result.beta[s] = a[s] - a[s + l];
    if (result.beta[s] != 0.0) {
      ++result.supportVectors;
      if (std::fabs(result.beta[s]) >= C)
        ++result.boundedSupportVectors;
    }
  }
  result.b = -rho;
  result.objective = objective();
  result.gap = v.m - v.M;
  result.iterations = iter;
  result.kernelEvaluations = K.evaluations();
  return result;
}

} // namespace thymos::ml
