//===- SvrSmo.h - epsilon-SVR trained by SMO on the dual --------------------===//
//
// Vapnik's epsilon-insensitive support vector regression. With training
// points x_1..x_l, targets z_1..z_l and kernel K, the dual over the 2l
// variables a = [a+; a-] is
//
//   min  ½ aᵀQa + pᵀa   s.t.  yᵀa = 0,  0 <= a_t <= C,
//   y_t = +1 (t < l), -1 (t >= l);   Q_st = y_s y_t K(x_{s mod l}, x_{t mod l});
//   p_t = eps - z_t (t < l),  eps + z_{t-l} (t >= l),
//
// and the regression function is f(x) = Σ_i beta_i K(x_i, x) + b with
// beta = a+ - a-. SMO (sequential minimal optimisation) improves two
// variables at a time; the pair is chosen with second-order information
// (Fan, Chen & Lin, JMLR 2005): i maximises -y_t G_t over the variables that
// may move up, j minimises -(b_it)²/a_it over those that may move down. It
// stops when the maximal violation m(a) - M(a) falls below `tol`, the
// stopping rule (and default 1e-3) of the usual SVM solvers. Shrinking, on by
// default as in libsvm, sets aside variables stuck at a bound; it changes the
// path and the cost, not the stopping rule.
//
//===----------------------------------------------------------------------===//
#pragma once

#include "ml/Kernel.h"

#include <cstdint>
#include <functional>
#include <vector>

namespace thymos::ml {

struct SvrParams {
  double C = 1.0;
  double epsilon = 0.1;
  double tol = 1e-3;
  KernelSpec kernel;
  int64_t maxIterations = 0;       ///< 0: max(10^7, 100·l)
  double cacheBytes = 256e6;       ///< kernel rows kept in memory
  bool shrinking = true;           ///< set aside variables stuck at a bound
};

struct SvrResult {
  std::vector<double> beta; ///< (l): a+ - a-; nonzero entries are support vectors
  double b = 0.0;
  double objective = 0.0;   ///< the dual objective ½aᵀQa + pᵀa at the solution
  double gap = 0.0;         ///< m(a) - M(a) at the end
  int64_t iterations = 0;
  int64_t supportVectors = 0;
  int64_t boundedSupportVectors = 0; ///< |beta_i| = C
  int64_t kernelEvaluations = 0;
  bool converged = false;
};

/// Called every `progressEvery` iterations with (iteration, gap, objective).
using SvrProgress = std::function<void(int64_t, double, double)>;

/// Trains on `l` points of dimension `d` (row-major) with targets `z`.
SvrResult trainSvr(const double *x, const double *z, int64_t l, int64_t d,
                   const SvrParams &params, const SvrProgress &progress = nullptr,
                   int64_t progressEvery = 1000);

} // namespace thymos::ml
