//===- HalfMatMul.cpp - Matrix product on f16 and bf16 ----------------------===//
//
// C = A · B on 16-bit floats, accumulated in f32 and rounded once per result
// (as GPUs' half-precision GEMMs do). Only the storage is 16-bit: each
// element is widened when it is read. This path is for small heads and
// tests, not for speed (big half-precision weights should be quantized);
// rows of C are shared among the threads.
//
//===----------------------------------------------------------------------===//

#include "runtime/cpu/MatMul.h"
#include "runtime/cpu/SmallFloat.h"
#include "runtime/cpu/ThreadPool.h"

#include <algorithm>

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
    for (int64_t j = j0; j < j1; ++j) {
      const uint16_t *wRow = job.w + j * job.k;
      float sum = 0.0f;
      for (int64_t p = 0; p < job.k; ++p)
        sum += row[p] * loadHalfAsFloat(wRow, p, job.bf16);
      job.c[i * job.n + j] = sum;
    }
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
