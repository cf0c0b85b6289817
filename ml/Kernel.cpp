//===- Kernel.cpp - Kernel functions and a cache of kernel rows -------------===//

#include "ml/Kernel.h"

#include <algorithm>
#include <cmath>
#include <cstdio>

namespace thymos::ml {

double KernelSpec::operator()(const double *x, const double *z, int64_t d) const {
  switch (kind) {
  case KernelKind::Linear: {
    double s = 0.0;
    for (int64_t k = 0; k < d; ++k)
      s += x[k] * z[k];
    return s;
  }
  case KernelKind::Rbf: {
    // The difference form, not |x|² - 2x·z + |z|²: no cancellation for
    // nearby points, so K(x, x) is exactly 1.
    double s = 0.0;
    for (int64_t k = 0; k < d; ++k) {
      double t = x[k] - z[k];
      s += t * t;
    }
    return std::exp(-gamma * s);
  }
  case KernelKind::Polynomial: {
    double s = 0.0;
    for (int64_t k = 0; k < d; ++k)
      s += x[k] * z[k];
    double base = gamma * s + coef0, r = 1.0;
    for (int i = 0; i < degree; ++i)
      r *= base;
    return r;
  }
  }
  return 0.0;
}

std::string KernelSpec::describe() const {
  char buf[128];
  switch (kind) {
  case KernelKind::Linear: return "linear";
  case KernelKind::Rbf:
    std::snprintf(buf, sizeof buf, "rbf (gamma = %g)", gamma);
    return buf;
  case KernelKind::Polynomial:
    std::snprintf(buf, sizeof buf, "polynomial (gamma = %g, coef0 = %g, degree = %d)", gamma,
                  coef0, degree);
    return buf;
  }
  return "";
}

KernelRows::KernelRows(const KernelSpec &kernel, const double *points, int64_t n, int64_t d,
                       double budgetBytes)
    : kernel_(kernel), points_(points), n_(n), d_(d) {
  double rows = budgetBytes / (double(sizeof(double)) * double(std::max<int64_t>(n, 1)));
  capacity_ = static_cast<size_t>(std::clamp(rows, 2.0, double(std::max<int64_t>(n, 2))));
  diagonal_.resize(static_cast<size_t>(n));
  for (int64_t i = 0; i < n; ++i)
    diagonal_[i] = kernel_(points + i * d, points + i * d, d);
  slotOf_.assign(static_cast<size_t>(n), -1);
}

const double *KernelRows::row(int64_t i) {
  if (int64_t slot = slotOf_[i]; slot >= 0) {
    lru_.splice(lru_.begin(), lru_, lruPos_[slot]);
    return storage_[slot].data();
  }
  int64_t slot;
  if (storage_.size() < capacity_) {
    slot = static_cast<int64_t>(storage_.size());
    storage_.emplace_back(static_cast<size_t>(n_));
    rowOf_.push_back(-1);
    lru_.push_front(slot);
    lruPos_.push_back(lru_.begin());
  } else {
    // Reuse the least recently used slot.
    slot = lru_.back();
    lru_.splice(lru_.begin(), lru_, lruPos_[slot]);
    slotOf_[rowOf_[slot]] = -1;
  }
  rowOf_[slot] = i;
  slotOf_[i] = slot;
  double *r = storage_[slot].data();
  const double *xi = points_ + i * d_;
  for (int64_t j = 0; j < n_; ++j)
    r[j] = kernel_(xi, points_ + j * d_, d_);
  evaluations_ += n_;
  return r;
}

} // namespace thymos::ml
