//===- MatMul.h - Single-matrix products, for the kernel and its bench ------===//
//
// C[m,n] = A[m,k] · B, where B is [k,n] row-major, or [n,k] when transposeB.
// All matrices are dense and row-major. The reference is the textbook triple
// loop; the fast path computes the same sums blocked for the caches. Their
// results differ only by rounding (the fast path adds in another order).
//
//===----------------------------------------------------------------------===//
#pragma once

#include <cstdint>

namespace thymos::rt {

class ThreadPool;

void matmulReference(const float *a, const float *b, float *c, int64_t m, int64_t k, int64_t n,
                     bool transposeB);
void matmulReference(const double *a, const double *b, double *c, int64_t m, int64_t k,
                     int64_t n, bool transposeB);

/// `threads` may be null (the calling thread does all the work).
void matmulFast(const float *a, const float *b, float *c, int64_t m, int64_t k, int64_t n,
                bool transposeB, ThreadPool *threads);
void matmulFast(const double *a, const double *b, double *c, int64_t m, int64_t k, int64_t n,
                bool transposeB, ThreadPool *threads);

} // namespace thymos::rt
