//===- MatVec.cpp - f32 activations times f32 weight rows, a few rows at a time ===//
//
// A decode step multiplies one activation row (or a few) by weight matrices
// stored as [n, k] rows (transpose_b): every weight is used once per row of
// A, so the time is the time to stream the weights from memory. The blocked
// path of MatMul.cpp packs B into panels first, which for one row of A
// means reading and writing every weight twice more than needed. Here each
// weight row is read once, in place, and dotted with every row of A while it
// is in cache; threads take contiguous ranges of weight rows.
//
// The dot product keeps four vector accumulators (AVX2 + FMA where the CPU
// has them, chosen at run time; a portable loop with the same shape
// otherwise), so the sum order differs from the reference loop: results
// agree with it within f32 rounding of a k-term sum.
//
//===----------------------------------------------------------------------===//

#include "runtime/cpu/MatMul.h"
#include "runtime/cpu/ThreadPool.h"

#include <algorithm>

#if defined(__x86_64__)
#include <immintrin.h>
#endif

namespace thymos::rt {

namespace {

float dotPortable(const float *a, const float *w, int64_t k) {
  float acc[8] = {};
  int64_t p = 0;
  for (; p + 8 <= k; p += 8)
    for (int j = 0; j < 8; ++j)
      acc[j] += a[p + j] * w[p + j];
  float sum = ((acc[0] + acc[4]) + (acc[2] + acc[6])) + ((acc[1] + acc[5]) + (acc[3] + acc[7]));
  for (; p < k; ++p)
    sum += a[p] * w[p];
  return sum;
}

#if defined(__x86_64__)
__attribute__((target("avx2,fma"))) float dotAvx2(const float *a, const float *w, int64_t k) {
  __m256 acc0 = _mm256_setzero_ps(), acc1 = _mm256_setzero_ps(), acc2 = _mm256_setzero_ps(),
         acc3 = _mm256_setzero_ps();
  int64_t p = 0;
  for (; p + 32 <= k; p += 32) {
    acc0 = _mm256_fmadd_ps(_mm256_loadu_ps(a + p), _mm256_loadu_ps(w + p), acc0);
    acc1 = _mm256_fmadd_ps(_mm256_loadu_ps(a + p + 8), _mm256_loadu_ps(w + p + 8), acc1);
    acc2 = _mm256_fmadd_ps(_mm256_loadu_ps(a + p + 16), _mm256_loadu_ps(w + p + 16), acc2);
    acc3 = _mm256_fmadd_ps(_mm256_loadu_ps(a + p + 24), _mm256_loadu_ps(w + p + 24), acc3);
  }
  for (; p + 8 <= k; p += 8)
    acc0 = _mm256_fmadd_ps(_mm256_loadu_ps(a + p), _mm256_loadu_ps(w + p), acc0);
  __m256 acc = _mm256_add_ps(_mm256_add_ps(acc0, acc1), _mm256_add_ps(acc2, acc3));
  __m128 s = _mm_add_ps(_mm256_castps256_ps128(acc), _mm256_extractf128_ps(acc, 1));
  s = _mm_add_ps(s, _mm_movehl_ps(s, s));
  s = _mm_add_ss(s, _mm_movehdup_ps(s));
  float sum = _mm_cvtss_f32(s);
  for (; p < k; ++p)
    sum += a[p] * w[p];
  return sum;
}
#endif

using DotFn = float (*)(const float *, const float *, int64_t);

DotFn chooseDot() {
#if defined(__x86_64__)
  __builtin_cpu_init();
  if (__builtin_cpu_supports("avx2") && __builtin_cpu_supports("fma"))
    return dotAvx2;
#endif
  return dotPortable;
}

/// Weight rows per work item: enough to amortise the hand-off, few enough
/// that two threads split even a small matrix.
constexpr int64_t kRowsPerItem = 16;
/// Below this many weights (256 KiB of f32) waking the other threads costs
/// more than the product (stories260K's 64 x 64 matrices: a decode step at
/// 2 threads took 10x longer than at 1).
constexpr int64_t kMinParallelWeights = 65536;

struct MatVecJob {
  const float *a, *w;
  float *c;
  int64_t m, k, n;
  DotFn dot;

  static void run(void *ctx, int64_t begin, int64_t end) {
    const MatVecJob &job = *static_cast<const MatVecJob *>(ctx);
    const int64_t j1 = std::min(job.n, end * kRowsPerItem);
    for (int64_t j = begin * kRowsPerItem; j < j1; ++j) {
      const float *row = job.w + j * job.k;
      for (int64_t i = 0; i < job.m; ++i)
        job.c[i * job.n + j] = job.dot(job.a + i * job.k, row, job.k);
    }
  }
};

} // namespace

void matvecWeightRows(const float *a, const float *w, float *c, int64_t m, int64_t k, int64_t n,
                      ThreadPool *threads) {
  static const DotFn dot = chooseDot();
  MatVecJob job{a, w, c, m, k, n, dot};
  const int64_t items = (n + kRowsPerItem - 1) / kRowsPerItem;
  if (threads && threads->size() > 1 && items > 1 && n * k >= kMinParallelWeights)
    threads->parallelFor(items, &MatVecJob::run, &job);
  else
    MatVecJob::run(&job, 0, items);
}

} // namespace thymos::rt
