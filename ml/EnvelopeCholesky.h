//===- EnvelopeCholesky.h - Sparse Cholesky in a reverse Cuthill-McKee envelope --===//
//
// Newton's method for p-Laplacian learning solves one sparse symmetric
// positive definite system per iteration, and the stopping rule (gradient
// norm below 1e-8) needs those solves exact, not approximate. A direct
// factorisation does that. k-NN graphs of points in the plane are mesh-like,
// so after reverse Cuthill-McKee reordering the nonzeros sit in a narrow
// envelope (profile) around the diagonal, and the Cholesky factor has no fill
// outside it. Each row of L is stored from its first nonzero column to the
// diagonal, and every inner product is a contiguous loop.
//
// The ordering depends only on the pattern: analyse() once, then factor()
// the changing values of every Newton iteration.
//
//===----------------------------------------------------------------------===//
#pragma once

#include "ml/KnnGraph.h"

#include <cstdint>
#include <vector>

namespace thymos::ml {

class EnvelopeCholesky {
public:
  /// Orders the rows (reverse Cuthill-McKee from a pseudo-peripheral node
  /// of each connected component) and lays out the envelope of `a`, whose
  /// pattern must be symmetric.
  void analyse(const SparseMatrix &a);
  /// Factors P(a + shift·I)Pᵀ = LLᵀ; `a` has the analysed pattern. False
  /// when a pivot is not positive (the matrix is not positive definite).
  bool factor(const SparseMatrix &a, double shift = 0.0);
  /// Overwrites b with the solution of (a + shift·I) x = b.
  void solve(std::vector<double> &b) const;

  /// Stored entries of L, the cost measure of the factorisation.
  int64_t envelopeSize() const { return static_cast<int64_t>(values_.size()); }

private:
  int64_t n_ = 0;
  std::vector<int32_t> perm_;    // new index -> old index
  std::vector<int32_t> inverse_; // old index -> new index
  std::vector<int64_t> first_;   // first stored column of row i (new order)
  std::vector<int64_t> start_;   // offset of row i in values_
  std::vector<double> values_;   // row i: columns first_[i] .. i
  mutable std::vector<double> work_;
};

} // namespace thymos::ml
