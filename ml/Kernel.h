//===- Kernel.h - Kernel functions and a cache of kernel rows ---------------===//
//
//   linear      K(x, z) = x·z
//   rbf         K(x, z) = exp(-gamma·|x - z|²)
//   polynomial  K(x, z) = (gamma·x·z + coef0)^degree
//
// LS-SVR's parameterisation exp(-|x - z|²/σ²) is rbf with gamma = 1/σ².
//
// SMO touches two kernel rows per iteration and the same rows again and
// again; KernelRows keeps the most recently used rows of the training
// kernel matrix within a memory budget (all of them when they fit).
//
//===----------------------------------------------------------------------===//
#pragma once

#include <cstdint>
#include <list>
#include <string>
#include <vector>

namespace thymos::ml {

enum class KernelKind { Linear, Rbf, Polynomial };

struct KernelSpec {
  KernelKind kind = KernelKind::Rbf;
  double gamma = 1.0;
  int degree = 3;
  double coef0 = 0.0;

  double operator()(const double *x, const double *z, int64_t d) const;
  /// "rbf (gamma = 0.1)" and the like, for progress output.
  std::string describe() const;
};

/// Rows of the kernel matrix K(x_i, x_j) of `n` points of dimension `d`.
class KernelRows {
public:
  KernelRows(const KernelSpec &kernel, const double *points, int64_t n, int64_t d,
             double budgetBytes);

  /// Row i, valid until the next call to row() (which may evict it when the
  /// budget holds fewer than two rows beyond it; it always holds two).
  const double *row(int64_t i);
  double diagonal(int64_t i) const { return diagonal_[i]; }
  int64_t evaluations() const { return evaluations_; }

private:
  KernelSpec kernel_;
  const double *points_;
  int64_t n_, d_;
  size_t capacity_; // rows kept
  std::vector<double> diagonal_;
  std::vector<std::vector<double>> storage_;
  std::vector<int64_t> slotOf_;  // row -> slot, -1 when not cached
  std::vector<int64_t> rowOf_;   // slot -> row
  std::list<int64_t> lru_;       // slots, most recently used first
  std::vector<std::list<int64_t>::iterator> lruPos_;
  int64_t evaluations_ = 0;
};

} // namespace thymos::ml
