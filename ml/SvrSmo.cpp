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
// Shrinking (Joachims 1999, in libsvm's form): a variable at a bound whose
// gradient says it cannot be part of a violating pair is dropped from the
// active set, so selection and gradient updates touch only the active part.
// Its gradient goes stale; it is rebuilt from
//   G_t = p_t + y_t (Gbar_{r_t} + Σ_{s free} a_s y_s K(x_{r_s}, x_{r_t})),
// where Gbar_r = C Σ_{s: a_s = C} y_s K(x_{r_s}, x_r) is kept up to date as
// variables reach or leave the upper bound (variables at 0 contribute
// nothing). The gradient is rebuilt and every variable reactivated once the
// gap is within 10·tol, and again before convergence is accepted, so the
// stopping rule holds for the whole problem, not only the active part.
//
//===----------------------------------------------------------------------===//

#include "ml/SvrSmo.h"

#include <algorithm>
#include <cmath>
#include <limits>
#include <numeric>

namespace thymos::ml {

namespace {

/// Curvature used where a_ij <= 0 (a pair of identical points, or a kernel
/// that is not positive definite): a large but finite step, then clipped.
constexpr double kTau = 1e-12;

/// Iterations between shrinking passes, as in libsvm.
constexpr int64_t kShrinkInterval = 1000;

struct Violation {
  double m = -std::numeric_limits<double>::infinity(); // max over I_up of -y G
  double M = std::numeric_limits<double>::infinity();  // min over I_low of -y G
  int64_t i = -1;                                      // the argmax of m
};

class SmoSolver {
public:
  SmoSolver(const double *x, const double *z, int64_t l, int64_t d, const SvrParams &params)
      : l_(l), n_(2 * l), C_(params.C), tol_(params.tol), shrinking_(params.shrinking),
        a_(static_cast<size_t>(n_), 0.0), p_(static_cast<size_t>(n_)),
        upperSum_(static_cast<size_t>(l), 0.0), active_(static_cast<size_t>(n_)),
        K_(params.kernel, x, l, d, params.cacheBytes) {
    for (int64_t t = 0; t < l; ++t) {
      p_[t] = params.epsilon - z[t];
      p_[t + l] = params.epsilon + z[t];
    }
    G_ = p_; // a = 0
    std::iota(active_.begin(), active_.end(), 0);
    activeSize_ = n_;
  }

  SvrResult solve(int64_t maxIterations, const SvrProgress &progress, int64_t progressEvery);

private:
  double y(int64_t t) const { return t < l_ ? 1.0 : -1.0; }
  int64_t point(int64_t t) const { return t < l_ ? t : t - l_; }
  bool atUpper(int64_t t) const { return a_[t] >= C_; }
  // I_up: a_t can grow along y_t; I_low: a_t can shrink along y_t.
  bool inUp(int64_t t) const { return t < l_ ? a_[t] < C_ : a_[t] > 0.0; }
  bool inLow(int64_t t) const { return t < l_ ? a_[t] > 0.0 : a_[t] < C_; }

  Violation violation() const;
  int64_t secondOrderPartner(const Violation &v);
  void step(int64_t i, int64_t j, const Violation &v);
  bool shrinkable(int64_t t, const Violation &v) const;
  void shrink();
  void unshrink();

  const int64_t l_, n_;
  const double C_, tol_;
  const bool shrinking_;
  std::vector<double> a_, p_, G_;
  std::vector<double> upperSum_; // Gbar over points, see the file comment
  std::vector<int64_t> active_;  // active variables first, ascending
  int64_t activeSize_;
  bool reactivatedNearOptimum_ = false;
  double objective_ = 0.0;       // running ½aᵀQa + pᵀa, exact again at the end
  KernelRows K_;
};

Violation SmoSolver::violation() const {
  Violation v;
  for (int64_t k = 0; k < activeSize_; ++k) {
    const int64_t t = active_[k];
    const double g = -y(t) * G_[t];
    if (inUp(t) && g > v.m) {
      v.m = g;
      v.i = t;
    }
    if (inLow(t) && g < v.M)
      v.M = g;
  }
  return v;
}

// The largest guaranteed decrease b²/a among the active variables in I_low
// that violate with i (Fan, Chen & Lin 2005).
int64_t SmoSolver::secondOrderPartner(const Violation &v) {
  const int64_t ri = point(v.i);
  const double *Ki = K_.row(ri);
  const double Kii = K_.diagonal(ri);
  int64_t j = -1;
  double best = std::numeric_limits<double>::infinity();
  for (int64_t k = 0; k < activeSize_; ++k) {
    const int64_t t = active_[k];
    if (!inLow(t))
      continue;
    const double g = -y(t) * G_[t];
    if (!(g < v.m))
      continue;
    const int64_t r = point(t);
    const double b = v.m - g;
    double curv = Kii + K_.diagonal(r) - 2.0 * Ki[r];
    if (curv <= 0.0)
      curv = kTau;
    const double gain = -(b * b) / curv;
    if (gain < best) {
      best = gain;
      j = t;
    }
  }
  return j;
}

void SmoSolver::step(int64_t i, int64_t j, const Violation &v) {
  const int64_t ri = point(i), rj = point(j);
  const double *Ki = K_.row(ri);
  const double *Kj = K_.row(rj); // Ki stays valid: the cache holds two rows
  const double rawCurv = K_.diagonal(ri) + K_.diagonal(rj) - 2.0 * Ki[rj];
  const double curv = rawCurv > 0.0 ? rawCurv : kTau;
  const double b = v.m + y(j) * G_[j];
  const double boundI = i < l_ ? C_ - a_[i] : a_[i];
  const double boundJ = j < l_ ? a_[j] : C_ - a_[j];
  const double delta = std::min({b / curv, boundI, boundJ});
  const bool wasUpperI = atUpper(i), wasUpperJ = atUpper(j);
  a_[i] = std::clamp(a_[i] + y(i) * delta, 0.0, C_);
  a_[j] = std::clamp(a_[j] - y(j) * delta, 0.0, C_);
  // Land exactly on a bound when clipped, so set membership is exact.
  if (delta == boundI)
    a_[i] = i < l_ ? C_ : 0.0;
  if (delta == boundJ)
    a_[j] = j < l_ ? 0.0 : C_;
  objective_ += delta * (0.5 * delta * rawCurv - b);

  for (int64_t k = 0; k < activeSize_; ++k) {
    const int64_t t = active_[k];
    const int64_t r = point(t);
    G_[t] += y(t) * delta * (Ki[r] - Kj[r]);
  }
  if (!shrinking_)
    return;
  auto track = [&](int64_t s, bool wasUpper, const double *Ks) {
    if (atUpper(s) == wasUpper)
      return;
    const double coef = (wasUpper ? -C_ : C_) * y(s);
    for (int64_t r = 0; r < l_; ++r)
      upperSum_[r] += coef * Ks[r];
  };
  track(i, wasUpperI, Ki);
  track(j, wasUpperJ, Kj);
}

// A variable that can move only one way and whose -y G lies outside the
// violating range for that direction (libsvm's be_shrunk).
bool SmoSolver::shrinkable(int64_t t, const Violation &v) const {
  const double g = -y(t) * G_[t];
  const bool up = inUp(t), low = inLow(t);
  if (up && !low)
    return g < v.M;
  if (low && !up)
    return g > v.m;
  return false;
}

void SmoSolver::shrink() {
  const Violation v = violation();
  if (!reactivatedNearOptimum_ && v.m - v.M <= 10.0 * tol_) {
    reactivatedNearOptimum_ = true;
    unshrink();
  }
  auto keep = std::stable_partition(active_.begin(), active_.begin() + activeSize_,
                                    [&](int64_t t) { return !shrinkable(t, v); });
  activeSize_ = keep - active_.begin();
}

void SmoSolver::unshrink() {
  if (activeSize_ == n_)
    return;
  std::vector<double> qa = upperSum_; // Σ_s a_s y_s K(x_{r_s}, x_r), per point r
  for (int64_t t = 0; t < n_; ++t) {
    if (a_[t] <= 0.0 || a_[t] >= C_)
      continue;
    const double *Kt = K_.row(point(t));
    const double coef = a_[t] * y(t);
    for (int64_t r = 0; r < l_; ++r)
      qa[r] += coef * Kt[r];
  }
  for (int64_t k = activeSize_; k < n_; ++k) {
    const int64_t t = active_[k];
    G_[t] = p_[t] + y(t) * qa[point(t)];
  }
  std::iota(active_.begin(), active_.end(), 0);
  activeSize_ = n_;
}

SvrResult SmoSolver::solve(int64_t maxIterations, const SvrProgress &progress,
                           int64_t progressEvery) {
  SvrResult result;
  int64_t iter = 0, untilShrink = std::min(n_, kShrinkInterval);
  Violation v;
  for (;; ++iter) {
    if (shrinking_ && --untilShrink == 0) {
      untilShrink = std::min(n_, kShrinkInterval);
      shrink();
    }
    v = violation();
    if (v.i < 0 || v.m - v.M < tol_) {
      if (activeSize_ == n_) {
        result.converged = true;
        break;
      }
      // Optimal on the active part: check the whole problem.
      unshrink();
      v = violation();
      if (v.i < 0 || v.m - v.M < tol_) {
        result.converged = true;
        break;
      }
      untilShrink = 1;
    }
    if (iter >= maxIterations)
      break;
    if (progress && iter > 0 && iter % progressEvery == 0)
      progress(iter, v.m - v.M, objective_);
    const int64_t j = secondOrderPartner(v);
    if (j < 0) // cannot happen while m - M >= tol > 0; stop rather than loop
      break;
    step(v.i, j, v);
  }
  unshrink(); // at the iteration limit, G must be whole for b and the objective
  if (!result.converged)
    v = violation();

  // b = -rho, where rho = y_t G_t for every free variable at the optimum;
  // average over the free ones, else take the middle of [-M, -m].
  double sumFree = 0.0, objective = 0.0;
  int64_t free = 0;
  for (int64_t t = 0; t < n_; ++t) {
    if (a_[t] > 0.0 && a_[t] < C_) {
      sumFree += y(t) * G_[t];
      ++free;
    }
    objective += a_[t] * (G_[t] + p_[t]);
  }
  const double rho = free > 0 ? sumFree / double(free) : -(v.m + v.M) / 2.0;

  result.beta.resize(static_cast<size_t>(l_));
  for (int64_t s = 0; s < l_; ++s) {
    result.beta[s] = a_[s] - a_[s + l_];
    if (result.beta[s] != 0.0) {
      ++result.supportVectors;
      if (std::fabs(result.beta[s]) >= C_)
        ++result.boundedSupportVectors;
    }
  }
  result.b = -rho;
  result.objective = 0.5 * objective;
  result.gap = v.m - v.M;
  result.iterations = iter;
  result.kernelEvaluations = K_.evaluations();
  return result;
}

} // namespace

SvrResult trainSvr(const double *x, const double *z, int64_t l, int64_t d,
                   const SvrParams &params, const SvrProgress &progress, int64_t progressEvery) {
  const int64_t maxIterations =
      params.maxIterations > 0 ? params.maxIterations : std::max<int64_t>(10000000, 100 * l);
  SmoSolver solver(x, z, l, d, params);
  return solver.solve(maxIterations, progress, progressEvery);
}

} // namespace thymos::ml
