//===- PLaplacian.h - p-Laplacian semi-supervised learning on a graph --------===//
//
// Given a symmetric weight matrix W and labels on some nodes, find u that
// minimises the variational p-Dirichlet energy
//
//   E(u) = Σ_i Σ_j w_ij |u_i - u_j|^p        (ordered pairs: each edge twice)
//
// with u fixed to the labels on labelled nodes, p >= 2. The gradient and
// Hessian on the unlabelled nodes U are
//
//   g_i  = 2p Σ_j w_ij |u_i - u_j|^(p-2) (u_i - u_j)
//   H_ii = Σ_j c_ij,  H_ij = -c_ij,   c_ij = 2p(p-1) w_ij |u_i - u_j|^(p-2),
//
// a graph Laplacian with weights c restricted to U, positive definite when
// every component of the graph holds a label and no edge is flat. For p = 2
// it is constant (4L) and one Newton step is the harmonic extension
// L_UU u_U = -L_UL u_L (Laplace learning). For p > 2 E is convex but
// degenerate where u is flat, so Newton starts from the p = 2 solution
// (continuation) and each step is damped by a backtracking (Armijo) line
// search, which makes the energy decrease monotonically. Each Newton system
// is solved directly (EnvelopeCholesky); when a pivot fails, a small
// diagonal shift keeps the step a descent direction.
//
// Energies are summed in long double, so that the line search can still
// see the decrease of the last Newton steps, which is far below E·2^-53.
//
//===----------------------------------------------------------------------===//
#pragma once

#include "ml/KnnGraph.h"

#include <cstdint>
#include <functional>
#include <vector>

namespace thymos::ml {

struct NewtonIterate {
  int iteration = 0;
  double energy = 0.0;
  double gradientNorm = 0.0; ///< 2-norm over the unlabelled nodes
  double step = 0.0;         ///< line-search step length that led here (0 at the start)
  double shift = 0.0;        ///< diagonal shift the factorisation needed
};

struct PLaplacianOptions {
  double p = 2.0;
  double tolerance = 1e-10; ///< stop when the gradient norm is below this
  int maxIterations = 200;
};

struct PLaplacianResult {
  std::vector<double> u;
  std::vector<NewtonIterate> history;
  bool converged = false;
  int64_t envelopeSize = 0;
};

/// E(u) for the weights `w`.
double pEnergy(const SparseMatrix &w, const std::vector<double> &u, double p);
/// The gradient of E, set to zero on labelled nodes.
void pGradient(const SparseMatrix &w, const std::vector<double> &u, double p,
               const std::vector<char> &labelled, std::vector<double> &g);

/// Newton's method from `u0` (labels in place on labelled nodes; the rest
/// is the starting point). `progress` is called after every iterate.
PLaplacianResult solvePLaplacian(const SparseMatrix &w, const std::vector<char> &labelled,
                                 std::vector<double> u0, const PLaplacianOptions &options,
                                 const std::function<void(const NewtonIterate &)> &progress);

} // namespace thymos::ml
