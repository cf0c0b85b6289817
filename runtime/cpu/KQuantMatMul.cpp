//===- KQuantMatMul.cpp - f32 activations times K-quant weights ------------===//
//
// C[i][r] = A[i] · W[r] with W's [n, k] rows in Q4_K, Q5_K or Q6_K
// super-blocks. As in ggml, each activation row is quantized to Q8_K once
// (one f32 scale per 256 values, and the sums of each 16 quants that the
// mins of Q4_K/Q5_K are multiplied by), then every weight row is dotted with
// it in integers (runtime/quant/KQuant.h).
//
// Q4_K weights the CPU backend packed four rows at a time (packQ4_KRows4)
// go through dotTileQ4_KRows4, with the same results.
//
// The work is shaped as QuantMatMul.cpp's: tasks of consecutive weight rows,
// so that a decode step streams the weights once at the memory's pace, and
// the quantized activations in a fixed buffer on the stack, in chunks of
// rows when a prefill does not fit.
//
//===----------------------------------------------------------------------===//

#include "runtime/cpu/MatMul.h"
#include "runtime/cpu/ThreadPool.h"
#include "runtime/quant/KQuant.h"

namespace thymos::rt {

namespace {

/// 128 KiB: a prefill chunk of 28 rows of k = 4096.
constexpr size_t kActBufferBytes = 128 * 1024;
/// 16 rows of k = 4096 are 36 KiB of Q4_K (53 KiB of Q6_K): in L2.
constexpr int64_t kRowsPerTask = 16;

struct KDotJob {
  quant::KFormat format;
  const uint8_t *weights;
  size_t weightRowBytes;
  const uint8_t *acts;
  size_t actRowBytes;
  int64_t actRows;
  int64_t k, n;
  float *c; // row 0 of the chunk; rows are n apart
  quant::Isa isa;
  bool rows4; // Q4_K in quant::packQ4_KRows4() layout
};

void kDotRowTasks(void *ctx, int64_t begin, int64_t end) {
  const KDotJob &job = *static_cast<const KDotJob *>(ctx);
  const int64_t r0 = begin * kRowsPerTask;
  const int64_t r1 = end * kRowsPerTask < job.n ? end * kRowsPerTask : job.n;
  // A packed group of four rows takes four rows' bytes; tasks start at
  // multiples of 16 rows and n is a multiple of 4 there.
  if (job.rows4)
    return quant::dotTileQ4_KRows4(job.weights + r0 * job.weightRowBytes, (r1 - r0) / 4,
                                   job.acts, job.actRowBytes, job.actRows, job.k, job.c + r0,
                                   job.n, job.isa);
  quant::dotTileKQ8_K(job.format, job.weights + r0 * job.weightRowBytes, job.weightRowBytes,
                      r1 - r0, job.acts, job.actRowBytes, job.actRows, job.k, job.c + r0, job.n,
                      job.isa);
}

struct KQuantizeJob {
  const float *a; // row 0 of the chunk
  int64_t k;
  uint8_t *acts;
  size_t actRowBytes;
};

void kQuantizeRows(void *ctx, int64_t begin, int64_t end) {
  const KQuantizeJob &job = *static_cast<const KQuantizeJob *>(ctx);
  for (int64_t i = begin; i < end; ++i)
    quant::quantizeActivationsQ8_K(job.a + i * job.k, job.acts + i * job.actRowBytes, job.k);
}

bool parallel(ThreadPool *threads, int64_t tasks) {
  return threads && threads->size() > 1 && tasks > 1;
}

} // namespace

const int64_t kKQuantMatMulMaxK =
    static_cast<int64_t>(kActBufferBytes / quant::kQ8_KBlockBytes) * quant::kSuperBlockElems;

void matmulKQuant(const float *a, const void *w, quant::KFormat format, float *c, int64_t m,
                  int64_t k, int64_t n, ThreadPool *threads, bool rows4) {
  alignas(64) uint8_t acts[kActBufferBytes];
  const size_t actRowBytes = quant::rowBytesQ8_K(k);
  const auto rowsPerChunk = static_cast<int64_t>(kActBufferBytes / actRowBytes);
  const int64_t tasks = (n + kRowsPerTask - 1) / kRowsPerTask;
  KDotJob job{format, static_cast<const uint8_t *>(w), quant::rowBytesK(format, k), acts,
              actRowBytes, 0, k, n, nullptr, quant::activeIsa(), rows4};
  for (int64_t i0 = 0; i0 < m; i0 += rowsPerChunk) {
    const int64_t rows = m - i0 < rowsPerChunk ? m - i0 : rowsPerChunk;
    KQuantizeJob quantize{a + i0 * k, k, acts, actRowBytes};
    if (parallel(threads, rows))
      threads->parallelFor(rows, kQuantizeRows, &quantize);
    else
      kQuantizeRows(&quantize, 0, rows);
    job.actRows = rows;
    job.c = c + i0 * n;
    if (parallel(threads, tasks))
      threads->parallelFor(tasks, kDotRowTasks, &job);
    else
      kDotRowTasks(&job, 0, tasks);
  }
}

} // namespace thymos::rt
