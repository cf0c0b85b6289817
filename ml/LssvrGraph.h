//===- LssvrGraph.h - LS-SVR training as a .thy graph ------------------------===//
//
// Least-squares SVR (Suykens & Vandewalle 1999) replaces the SVR's inequality
// constraints by equalities, so training is one linear system, the KKT
// system
//
//   [ 0   1ᵀ      ] [ b ]   [ 0 ]
//   [ 1   K + I/γ ] [ α ] = [ y ],    K_ij = exp(-|x_i - x_j|²/σ²).
//
// The training graph solves it in f64 by the Schur complement of the
// positive definite block A = K + I/γ = LLᵀ (`cholesky`, then two
// `triangular_solve`s for the right-hand sides 1 and y):
//
//   η = A⁻¹1,  ν = A⁻¹y,  b = 1ᵀν / 1ᵀη,  α = ν - bη.
//
// (The second row gives α = A⁻¹(y - b1); the first, 1ᵀα = 0, gives b.)
// With standardisation the graph also computes the training mean and
// population std of every feature column and of y, and works on the
// standardised values. I/γ is built in the graph from a [1, n+1] row
// (1, 0, ..., 0) repeated n times: its first n² elements, read as [n,n],
// are the identity.
//
//===----------------------------------------------------------------------===//
#pragma once

#include <cstdint>
#include <string>

namespace thymos::ml {

struct LssvrParams {
  double gamma = 10.0;  ///< regularisation γ
  double sigma2 = 10.0; ///< RBF width σ²
  bool standardize = false;
};

/// The training module @lssvr_fit with one graph @fit(%x: f64[n,d], %y: f64[n,1]).
/// It returns (alpha [n,1], b []) and, when standardising, also
/// (x_mean [1,d], x_scale [1,d], y_mean [1,1], y_scale [1,1], z [n,d]),
/// z being the standardised training points.
std::string lssvrFitModule(int64_t n, int64_t d, const LssvrParams &params);

} // namespace thymos::ml
