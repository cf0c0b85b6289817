//===- HalfMatMul.cpp - Matrix product on f16 and bf16 ----------------------===//
//
// C = A · B on 16-bit floats, accumulated in f32 and rounded once per result
// (as GPUs' half-precision GEMMs do). Only the storage is 16-bit: each
// element is widened when it is read. Products of two 16-bit operands are
// for small heads and tests; f32 activations times f16 or bf16 weight rows
// (a model stored in F16 or BF16) stream the weights with AVX2 where the
// CPU has it, as a decode step must. Rows of C are shared among the threads.
//
//===----------------------------------------------------------------------===//

#include "runtime/cpu/MatMul.h"
#include "runtime/cpu/SmallFloat.h"
#include "runtime/cpu/ThreadPool.h"

#include <algorithm>

#if defined(__x86_64__)
#include <immintrin.h>
#endif

namespace thymos::rt {

namespace {

/// Columns of C accumulated at once when B is [k, n]: B's rows are then read
/// in order, and the f32 sums stay on the stack.
constexpr int64_t kColumns = 64;

struct HalfJob {
  const uint16_t *a, *b;
  uint16_t *c;
  int64_t k, n;
  bool transposeB, bf16;
};

void halfRows(void *ctx, int64_t begin, int64_t end) {
  const HalfJob &job = *static_cast<const HalfJob *>(ctx);
  const int64_t k = job.k, n = job.n;
  for (int64_t i = begin; i < end; ++i) {
    const uint16_t *aRow = job.a + i * k;
    uint16_t *cRow = job.c + i * n;
    if (job.transposeB) { // C[i][j] = A[i] · B[j], both rows contiguous.
      for (int64_t j = 0; j < n; ++j) {
        float sum = 0.0f;
        for (int64_t p = 0; p < k; ++p)
          sum += loadHalfAsFloat(aRow, p, job.bf16) * loadHalfAsFloat(job.b + j * k, p, job.bf16);
        storeFloatAsHalf(cRow, j, job.bf16, sum);
      }
      continue;
    }
    for (int64_t j0 = 0; j0 < n; j0 += kColumns) {
      const int64_t width = n - j0 < kColumns ? n - j0 : kColumns;
      float sums[kColumns] = {};
      for (int64_t p = 0; p < k; ++p) {
        const float av = loadHalfAsFloat(aRow, p, job.bf16);
        const uint16_t *bRow = job.b + p * n + j0;
        for (int64_t jj = 0; jj < width; ++jj)
          sums[jj] += av * loadHalfAsFloat(bRow, jj, job.bf16);
      }
      for (int64_t jj = 0; jj < width; ++jj)
        storeFloatAsHalf(cRow, j0 + jj, job.bf16, sums[jj]);
    }
  }
}

/// row · w over k elements, w being f16 or (with `bf16`) bf16: eight f32
/// lanes, lane j summing the products of elements 8i + j, then the lanes
/// added ((0 + 4) + (2 + 6)) + ((1 + 5) + (3 + 7)), then the tail.
float dotHalfPortable(const float *row, const uint16_t *w, int64_t k, bool bf16) {
  float acc[8] = {};
  int64_t p = 0;
  for (; p + 8 <= k; p += 8)
    for (int j = 0; j < 8; ++j)
      acc[j] += row[p + j] * loadHalfAsFloat(w, p + j, bf16);
  float sum = ((acc[0] + acc[4]) + (acc[2] + acc[6])) + ((acc[1] + acc[5]) + (acc[3] + acc[7]));
  for (; p < k; ++p)
    sum += row[p] * loadHalfAsFloat(w, p, bf16);
  return sum;
}

#if defined(__x86_64__)
/// Eight 16-bit weights widened to f32: F16C for f16; for bf16 the bits
/// shifted into the high half of each lane (bf16 is f32's top half).
__attribute__((target("avx2,fma,f16c"))) inline __m256 widen8(const uint16_t *w, bool bf16) {
  const __m128i half = _mm_loadu_si128(reinterpret_cast<const __m128i *>(w));
  if (bf16)
    return _mm256_castsi256_ps(_mm256_slli_epi32(_mm256_cvtepu16_epi32(half), 16));
  return _mm256_cvtph_ps(half);
}

/// dotHalfPortable() with four accumulators of eight lanes: the weights are
/// streamed at the memory's pace (a decode step reads each once).
__attribute__((target("avx2,fma,f16c"))) float dotHalfAvx2(const float *row, const uint16_t *w,
                                                          int64_t k, bool bf16) {
  __m256 acc0 = _mm256_setzero_ps(), acc1 = _mm256_setzero_ps(), acc2 = _mm256_setzero_ps(),
         acc3 = _mm256_setzero_ps();
  int64_t p = 0;
  for (; p + 32 <= k; p += 32) {
    acc0 = _mm256_fmadd_ps(_mm256_loadu_ps(row + p), widen8(w + p, bf16), acc0);
    acc1 = _mm256_fmadd_ps(_mm256_loadu_ps(row + p + 8), widen8(w + p + 8, bf16), acc1);
    acc2 = _mm256_fmadd_ps(_mm256_loadu_ps(row + p + 16), widen8(w + p + 16, bf16), acc2);
    acc3 = _mm256_fmadd_ps(_mm256_loadu_ps(row + p + 24), widen8(w + p + 24, bf16), acc3);
  }
  for (; p + 8 <= k; p += 8)
    acc0 = _mm256_fmadd_ps(_mm256_loadu_ps(row + p), widen8(w + p, bf16), acc0);
  const __m256 acc = _mm256_add_ps(_mm256_add_ps(acc0, acc1), _mm256_add_ps(acc2, acc3));
  __m128 sum4 = _mm_add_ps(_mm256_castps256_ps128(acc), _mm256_extractf128_ps(acc, 1));
  sum4 = _mm_add_ps(sum4, _mm_movehl_ps(sum4, sum4));
  sum4 = _mm_add_ss(sum4, _mm_movehdup_ps(sum4));
  float sum = _mm_cvtss_f32(sum4);
  for (; p < k; ++p)
    sum += row[p] * loadHalfAsFloat(w, p, bf16);
  return sum;
}
#endif

using HalfDotFn = float (*)(const float *, const uint16_t *, int64_t, bool);

HalfDotFn chooseHalfDot() {
#if defined(__x86_64__)
  __builtin_cpu_init();
  if (__builtin_cpu_supports("avx2") && __builtin_cpu_supports("fma") &&
      __builtin_cpu_supports("f16c"))
    return dotHalfAvx2;
#endif
  return dotHalfPortable;
}

/// Output columns per work item of matmulHalfWeights: the rounded row of A
/// is made once per item, so an item must be long enough to pay for it.
constexpr int64_t kWeightColumns = 64;

struct HalfWeightsJob {
  const float *a;
  const uint16_t *w;
  float *c;
  int64_t m, k, n;
  bool bf16;
};

/// Item t is row t / columnBlocks of C, column block t % columnBlocks: one
/// token (decode) still spreads over the threads.
void halfWeightItems(void *ctx, int64_t begin, int64_t end) {
  const HalfWeightsJob &job = *static_cast<const HalfWeightsJob *>(ctx);
  const int64_t blocks = (job.n + kWeightColumns - 1) / kWeightColumns;
  float row[kHalfWeightsMaxK];
  int64_t roundedRow = -1;
  for (int64_t t = begin; t < end; ++t) {
    const int64_t i = t / blocks, j0 = (t % blocks) * kWeightColumns;
    if (i != roundedRow) {
      for (int64_t p = 0; p < job.k; ++p)
        row[p] = job.bf16 ? bfloat16ToFloat(floatToBFloat16(job.a[i * job.k + p]))
                          : quant::halfToFloat(quant::floatToHalf(job.a[i * job.k + p]));
      roundedRow = i;
    }
    const int64_t j1 = std::min(job.n, j0 + kWeightColumns);
    static const HalfDotFn dot = chooseHalfDot();
    for (int64_t j = j0; j < j1; ++j)
      job.c[i * job.n + j] = dot(row, job.w + j * job.k, job.k, job.bf16);
  }
}

} // namespace

void matmulHalfWeights(const float *a, const uint16_t *w, float *c, int64_t m, int64_t k,
                       int64_t n, bool bf16, ThreadPool *threads) {
  HalfWeightsJob job{a, w, c, m, k, n, bf16};
  const int64_t items = m * ((n + kWeightColumns - 1) / kWeightColumns);
  if (threads && threads->size() > 1 && items > 1)
    threads->parallelFor(items, halfWeightItems, &job);
  else
    halfWeightItems(&job, 0, items);
}

void matmulHalf(const uint16_t *a, const uint16_t *b, uint16_t *c, int64_t m, int64_t k,
                int64_t n, bool transposeB, bool bf16, ThreadPool *threads) {
  HalfJob job{a, b, c, k, n, transposeB, bf16};
  if (threads && threads->size() > 1 && m > 1)
    threads->parallelFor(m, halfRows, &job);
  else
    halfRows(&job, 0, m);
}

} // namespace thymos::rt
