//===- PredictGraphs.h - Fitted models as .thy predict graphs ----------------===//
//
// A fitted model becomes a module whose graphs hold the learned numbers as
// constants and take raw feature rows, a batch of fixed size B (shapes in
// .thy are static):
//
//   @predict(%x: f64[B,d]) -> f64[B,1]                          the prediction
//   @evaluate(%x: f64[B,d], %y: f64[B,1]) -> (mse, r2, y_hat)   regression
//   @evaluate(%x, %y) -> (accuracy, label)                      classification
//
// Kernel expansions (SVR, LS-SVR) compute
//   f(x) = yMean + yScale·(Σ_s coef_s K(z, c_s) + b),   z = (x - mean)/scale.
// Squared distances come from broadcasting [B,1,d] - [1,m,d], exact but
// B·m·d elements large; above kBroadcastLimit elements the graph uses
// |z|² - 2 z·cᵀ + |c|² instead (one matmul, rounding error ~1e-16·|z|²).
//
// The p-Laplacian model extends u from the graph's nodes to new points by
// the nearest node: with s_j = -|x - x_j|² and gap_j = s_j - max_j s_j (<= 0,
// exactly 0 at the nearest node), exp(1e300·gap) is 1 at the nearest node
// and 0 elsewhere (nodes closer than ~1e-298 in squared distance count as a
// tie and are averaged). Labels are sign(u), written tanh(1e300·u).
//
//===----------------------------------------------------------------------===//
#pragma once

#include "ml/Dataset.h"
#include "ml/Kernel.h"

#include <cstdint>
#include <string>
#include <vector>

namespace thymos::ml {

inline constexpr int64_t kBroadcastLimit = int64_t(1) << 24;

struct KernelExpansion {
  KernelSpec kernel;
  int64_t features = 0;
  std::vector<double> centers; ///< (m, features), standardised space
  std::vector<double> coef;    ///< (m)
  double bias = 0.0;
  Standardizer scaler;
};

struct NearestNodeModel {
  int64_t features = 0;
  std::vector<double> nodes; ///< (n, features)
  std::vector<double> u;     ///< (n)
  bool classify = false;     ///< predict sign(u); targets are classes 0/1
};

/// The module text (comment, @predict and @evaluate) for batches of `batch`
/// rows; distances switch to the matmul form above `broadcastLimit` elements.
std::string kernelExpansionModule(const std::string &name, const std::string &comment,
                                  const KernelExpansion &model, int64_t batch,
                                  int64_t broadcastLimit = kBroadcastLimit);
std::string nearestNodeModule(const std::string &name, const std::string &comment,
                              const NearestNodeModel &model, int64_t batch,
                              int64_t broadcastLimit = kBroadcastLimit);

/// Evaluates the kernel expansion in C++ (for the tool's own summary).
double predictKernelExpansion(const KernelExpansion &model, const double *x);

} // namespace thymos::ml
