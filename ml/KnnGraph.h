//===- KnnGraph.h - Weighted k-nearest-neighbour graphs ---------------------===//
//
// The graph of p-Laplacian learning: each point is joined to its k nearest
// neighbours (itself excluded; equal distances go to the lower index) with
//
//   w_ij = exp(-4 |x_i - x_j|² / d_k(i)²),   d_k(i) = distance to the k-th one,
//
// and the weight matrix is symmetrised as (W + Wᵀ)/2: an edge chosen by one
// end only keeps half its weight. Neighbours are found exactly, by a sweep
// along the first coordinate that prunes far candidates (all pairs in the
// worst case, about n·sqrt(n·k) distances for points spread in the plane).
//
//===----------------------------------------------------------------------===//
#pragma once

#include "runtime/Status.h"

#include <cstdint>
#include <vector>

namespace thymos::ml {

/// A square sparse matrix in compressed rows, columns sorted in each row.
struct SparseMatrix {
  int64_t n = 0;
  std::vector<int64_t> rowStart; ///< (n + 1)
  std::vector<int32_t> col;
  std::vector<double> val;

  int64_t nonZeros() const { return static_cast<int64_t>(col.size()); }
};

/// The symmetrised k-NN weight matrix of `n` points of dimension `d`. Fails
/// when k >= n, or when a point has k other points at distance 0 (its
/// d_k would be 0).
rt::Status buildKnnGraph(const double *points, int64_t n, int64_t d, int k, SparseMatrix &out);

} // namespace thymos::ml
