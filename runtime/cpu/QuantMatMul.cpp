//===- QuantMatMul.cpp - f32 activations times Q8_0/Q4_0 weights ------------===//
//
// C[i][r] = A[i] · W[r]: the weights are [n, k] rows of blocks, so every
// output is the dot product of one weight row with one activation row. As in
// ggml, each activation row is quantized to Q8_0 once, and the products run
// on int8 blocks (runtime/quant): exact int32 per block, then f32.
//
// The hot spot is streaming the weights. Matrix-vector products (m = 1, a
// decode step) touch each weight byte once and are bound by memory
// bandwidth: Q4_0 moves 4.5 bits per weight instead of f32's 32. The work is
// split over output rows: each task takes kRowsPerTask consecutive weight
// rows (contiguous bytes, so the prefetchers see one stream) and dots them
// with every activation row of the current chunk; dotTile*() unpacks a
// weight block once for up to four activation rows.
//
// The quantized activations live in a buffer on the caller's stack (no heap
// allocation in the step loop). When m rows do not fit, they are done in
// chunks, and the weights are streamed once per chunk. For Q4_0 weights and
// several rows, the sum of each activation block's quants is computed once
// too: the VNNI kernels take Q4_0's offset of 8 off with it. Weights the
// CPU backend packed in groups of eight rows at load (matmulQuantizedGroups,
// quant::packQ4_0Groups / packQ8_0Groups) take the grouped kernels.
//
//===----------------------------------------------------------------------===//

#include "runtime/cpu/MatMul.h"
#include "runtime/cpu/ThreadPool.h"
#include "runtime/quant/Quant.h"

namespace thymos::rt {

namespace {

/// 128 KiB: a prefill chunk of 30 rows of k = 4096; one row of up to
/// 123360 elements.
constexpr size_t kActBufferBytes = 128 * 1024;
/// 16 rows of k = 4096 are 37 KiB of Q4_0: a task's weights stay in L2
/// while every activation row of the chunk passes over them.
constexpr int64_t kRowsPerTask = 16;

struct DotJob {
  const uint8_t *weights;
  size_t weightRowBytes; // of a row; of a group of eight when grouped
  bool q4;
  bool grouped; // Q4_0 in quant::packQ4_0Groups() layout
  const uint8_t *acts;
  const int32_t *actSums; // null, or activationSumsQ8_0() of every row
  size_t actRowBytes;
  int64_t actRows;
  int64_t k, n;
  float *c; // row 0 of the chunk; rows are n apart
  quant::Isa isa;
};

void dotRowTasks(void *ctx, int64_t begin, int64_t end) {
  const DotJob &job = *static_cast<const DotJob *>(ctx);
  int64_t r0 = begin * kRowsPerTask, r1 = end * kRowsPerTask < job.n ? end * kRowsPerTask : job.n;
  if (job.grouped && job.q4) { // kRowsPerTask and n are multiples of 8
    quant::dotTileQ4_0Groups(job.weights + (r0 / 8) * job.weightRowBytes, (r1 - r0) / 8,
                             job.acts, job.actRowBytes, job.actRows, job.k, job.c + r0, job.n,
                             job.isa, job.actSums);
    return;
  }
  if (job.grouped) {
    quant::dotTileQ8_0Groups(job.weights + (r0 / 8) * job.weightRowBytes, (r1 - r0) / 8,
                             job.acts, job.actRowBytes, job.actRows, job.k, job.c + r0, job.n,
                             job.isa);
    return;
  }
  auto tile = job.q4 ? quant::dotTileQ4_0Q8_0 : quant::dotTileQ8_0Q8_0;
  tile(job.weights + r0 * job.weightRowBytes, job.weightRowBytes, r1 - r0, job.acts,
       job.actRowBytes, job.actRows, job.k, job.c + r0, job.n, job.isa, job.actSums);
}

struct QuantizeJob {
  const float *a; // row 0 of the chunk
  int64_t k;
  uint8_t *acts;
  size_t actRowBytes;
  int32_t *sums; // null, or k / 32 per row
};

void quantizeRows(void *ctx, int64_t begin, int64_t end) {
  const QuantizeJob &job = *static_cast<const QuantizeJob *>(ctx);
  for (int64_t i = begin; i < end; ++i) {
    uint8_t *row = job.acts + i * job.actRowBytes;
    quant::quantizeActivationsQ8_0(job.a + i * job.k, row, job.k);
    if (job.sums)
      quant::activationSumsQ8_0(row, job.k, job.sums + i * (job.k / quant::kBlockElems));
  }
}

/// Rows from which a Q4_0 product computes the activation sums.
constexpr int64_t kSumsMinRows = 4;

bool parallel(ThreadPool *threads, int64_t tasks) {
  return threads && threads->size() > 1 && tasks > 1;
}

} // namespace

const int64_t kQuantMatMulMaxK =
    static_cast<int64_t>(kActBufferBytes / quant::kQ8_0BlockBytes) * quant::kBlockElems;

namespace {

void quantizedProduct(const float *a, const void *w, bool q4, bool grouped, float *c, int64_t m,
                      int64_t k, int64_t n, ThreadPool *threads) {
  alignas(64) uint8_t acts[kActBufferBytes];
  int32_t sums[kActBufferBytes / quant::kQ8_0BlockBytes];
  const size_t actRowBytes = quant::rowBytesQ8_0(k);
  const auto rowsPerChunk = static_cast<int64_t>(kActBufferBytes / actRowBytes);
  const int64_t tasks = (n + kRowsPerTask - 1) / kRowsPerTask;
  const size_t rowBytes = q4 ? quant::rowBytesQ4_0(k) : actRowBytes;
  const size_t weightBytes = grouped ? 8 * rowBytes : rowBytes;
  DotJob job{static_cast<const uint8_t *>(w), weightBytes, q4, grouped, acts, nullptr,
             actRowBytes, 0, k, n, nullptr, quant::activeIsa()};
  for (int64_t i0 = 0; i0 < m; i0 += rowsPerChunk) {
    const int64_t rows = m - i0 < rowsPerChunk ? m - i0 : rowsPerChunk;
    const bool withSums = q4 && (grouped || rows >= kSumsMinRows);
    QuantizeJob quantize{a + i0 * k, k, acts, actRowBytes, withSums ? sums : nullptr};
    job.actSums = withSums ? sums : nullptr;
    if (parallel(threads, rows))
      threads->parallelFor(rows, quantizeRows, &quantize);
    else
      quantizeRows(&quantize, 0, rows);
    job.actRows = rows;
    job.c = c + i0 * n;
    if (parallel(threads, tasks))
      threads->parallelFor(tasks, dotRowTasks, &job);
    else
      dotRowTasks(&job, 0, tasks);
  }
}

} // namespace

void matmulQuantized(const float *a, const void *w, DType weightType, float *c, int64_t m,
                     int64_t k, int64_t n, ThreadPool *threads) {
  quantizedProduct(a, w, weightType == DType::Q4_0, false, c, m, k, n, threads);
}

void matmulQuantizedGroups(const float *a, const void *groups, DType weightType, float *c,
                           int64_t m, int64_t k, int64_t n, ThreadPool *threads) {
  quantizedProduct(a, groups, weightType == DType::Q4_0, true, c, m, k, n, threads);
}

} // namespace thymos::rt
