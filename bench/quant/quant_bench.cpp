//===- quant_bench.cpp - Quantized matvec/matmul against memory bandwidth ---===//
//
// Prints one markdown table:
//  - memory bandwidth: memcpy of a 1 GiB buffer, counted as bytes read plus
//    bytes written (as STREAM's copy does);
//  - 4096x4096 matvec (m = 1, a decode step) and 4096x4096x64 matmul (m = 64,
//    a prefill chunk) with f32, Q8_0 and Q4_0 weights: weight bytes streamed
//    per second, GFLOP/s (2·m·n·k), and the speed-up over the f32 path of the
//    same shape;
// q4_0 also as the CPU backend repacks it at load where the ISA reads eight
// rows at a time ("x8": quant::packQ4_0Groups);
//  - the decode tile kernels alone (one activation row already quantized,
//    all 4096 weight rows, split into 64-row tiles): q4_0 against the
//    K-quants q4_K, q5_K and q6_K (KQuant.h), and the time to quantize the
//    4096x4096 matrix to each K-quant (one thread), and the 64x4096x4096
//    matmul (prefill) with each K-quant (matmulKQuant);
// each on one thread and on all hardware threads (where an empty
// parallelFor() shows the fixed cost of a threaded call). A matvec is
// memory-bound, so its weights are rotated through copies totalling over
// 1 GiB (past any last-level cache; some server parts have 300 MiB): every
// call streams them from DRAM. Each variant runs for at least 0.5 s after a
// warm-up call; the best repetition counts.
//
//===----------------------------------------------------------------------===//

#include "runtime/cpu/MatMul.h"
#include "runtime/cpu/ThreadPool.h"
#include "runtime/quant/KQuant.h"
#include "runtime/quant/Quant.h"

#include <chrono>
#include <cstdio>
#include <cstring>
#include <random>
#include <string>
#include <thread>
#include <vector>

using namespace thymos::rt;
namespace quant = thymos::quant;

namespace {

constexpr int64_t kN = 4096, kK = 4096, kBatch = 64;
constexpr size_t kWorkingSet = size_t(1) << 30;

template <typename Fn> double bestSeconds(Fn &&fn) {
  fn(); // warm-up: page faults, caches
  double best = 1e30, total = 0;
  while (total < 0.5) {
    auto start = std::chrono::steady_clock::now();
    fn();
    double s = std::chrono::duration<double>(std::chrono::steady_clock::now() - start).count();
    best = s < best ? s : best;
    total += s;
  }
  return best;
}

/// Copies of one weight matrix (raw bytes), enough to exceed kWorkingSet.
struct Weights {
  std::vector<uint8_t> bytes;
  size_t matrixBytes = 0;
  size_t copies = 0;
  size_t next = 0;
  const uint8_t *rotate() { return &bytes[(next++ % copies) * matrixBytes]; }
};

Weights replicate(const void *matrix, size_t matrixBytes) {
  Weights w;
  w.matrixBytes = matrixBytes;
  w.copies = kWorkingSet / matrixBytes + 1;
  w.bytes.resize(w.copies * matrixBytes);
  for (size_t c = 0; c < w.copies; ++c)
    std::memcpy(&w.bytes[c * matrixBytes], matrix, matrixBytes);
  return w;
}

struct CopyJob {
  const uint8_t *src;
  uint8_t *dst;
  size_t chunk;
};

void copyChunks(void *ctx, int64_t begin, int64_t end) {
  const CopyJob &job = *static_cast<const CopyJob *>(ctx);
  for (int64_t c = begin; c < end; ++c)
    std::memcpy(job.dst + c * job.chunk, job.src + c * job.chunk, job.chunk);
}

double memcpyGBs(ThreadPool *pool) {
  std::vector<uint8_t> src(kWorkingSet, 1), dst(kWorkingSet, 0);
  const int64_t chunks = 1024; // 1 MiB each
  CopyJob job{src.data(), dst.data(), kWorkingSet / chunks};
  double t = bestSeconds([&] {
    if (pool)
      pool->parallelFor(chunks, copyChunks, &job);
    else
      copyChunks(&job, 0, chunks);
  });
  return 2.0 * kWorkingSet / t / 1e9;
}

void nothing(void *, int64_t, int64_t) {}

/// One parallelFor() with no work: the fixed cost every threaded kernel
/// call pays (waking the workers and waiting for all of them).
double poolRoundTripSeconds(ThreadPool *pool) {
  if (!pool)
    return 0;
  return bestSeconds([&] { pool->parallelFor(pool->size() * 4, nothing, nullptr); });
}

struct Row {
  const char *name;
  unsigned threads;
  double seconds, weightBytes, flops, f32Seconds;
};

void printRow(const Row &r, double bandwidth) {
  double gbs = r.weightBytes / r.seconds / 1e9;
  char vsF32[16] = ""; // blank for the rows with no f32 counterpart
  if (r.f32Seconds > 0)
    std::snprintf(vsF32, sizeof vsF32, "%6.2fx", r.f32Seconds / r.seconds);
  std::printf("| %-26s | %7u | %9.3f | %11.1f | %7.1f | %7s | %8.0f%% |\n", r.name, r.threads,
              r.seconds * 1e3, gbs, r.flops / r.seconds / 1e9, vsF32, 100.0 * gbs / bandwidth);
}

/// A decode step on the tile kernels: 64-row tiles of one weight matrix
/// against one activation row, on the calling thread or the pool.
struct DecodeTiles {
  const uint8_t *weights;
  size_t rowBytes;
  const uint8_t *act;
  float *out;
  int format; // -1: q4_0, else a quant::KFormat
};

constexpr int64_t kTileRows = 64;

void decodeTiles(void *ctx, int64_t begin, int64_t end) {
  const DecodeTiles &job = *static_cast<const DecodeTiles *>(ctx);
  const quant::Isa isa = quant::activeIsa();
  for (int64_t t = begin; t < end; ++t) {
    const uint8_t *w = job.weights + t * kTileRows * job.rowBytes;
    float *out = job.out + t * kTileRows;
    if (job.format < 0)
      quant::dotTileQ4_0Q8_0(w, job.rowBytes, kTileRows, job.act, 0, 1, kK, out, 0, isa);
    else
      quant::dotTileKQ8_K(static_cast<quant::KFormat>(job.format), w, job.rowBytes, kTileRows,
                          job.act, 0, 1, kK, out, 0, isa);
  }
}

/// The decode-tile rows of the table, for q4_0 and the K-quants.
void benchDecodeTiles(const std::vector<float> &w, const std::vector<float> &a, ThreadPool *pool,
                      double bandwidth) {
  unsigned count = pool ? pool->size() : 1;
  std::vector<float> out(kN);
  std::vector<uint8_t> act8(quant::rowBytesQ8_0(kK)), actK(quant::rowBytesQ8_K(kK));
  quant::quantizeActivationsQ8_0(a.data(), act8.data(), kK);
  quant::quantizeActivationsQ8_K(a.data(), actK.data(), kK);
  const quant::KFormat formats[3] = {quant::KFormat::Q4_K, quant::KFormat::Q5_K,
                                     quant::KFormat::Q6_K};
  for (int f = -1; f < 3; ++f) {
    const size_t rowBytes =
        f < 0 ? quant::rowBytesQ4_0(kK) : quant::rowBytesK(formats[f], kK);
    std::vector<uint8_t> q(kN * rowBytes);
    double quantizeSeconds = 0;
    if (f < 0) {
      quant::quantizeRowQ4_0(w.data(), q.data(), kN * kK);
    } else {
      auto start = std::chrono::steady_clock::now();
      quant::quantizeRowK(formats[f], w.data(), q.data(), kN * kK);
      quantizeSeconds =
          std::chrono::duration<double>(std::chrono::steady_clock::now() - start).count();
    }
    Weights rotated = replicate(q.data(), q.size());
    DecodeTiles job{nullptr, rowBytes, f < 0 ? act8.data() : actK.data(), out.data(), f};
    double t = bestSeconds([&] {
      job.weights = rotated.rotate();
      if (pool)
        pool->parallelFor(kN / kTileRows, decodeTiles, &job);
      else
        decodeTiles(&job, 0, kN / kTileRows);
    });
    char name[64];
    std::snprintf(name, sizeof name, "decode tiles %s",
                  f < 0 ? "q4_0" : quant::kFormatName(formats[f]));
    printRow({name, count, t, double(rotated.matrixBytes), 2.0 * kN * kK, 0}, bandwidth);
    if (!pool && f >= 0)
      std::printf("| %-26s | %7u | %9.0f | %11s | %7s | %7s | %9s |\n",
                  (std::string("quantize 4096^2 ") + quant::kFormatName(formats[f])).c_str(), 1u,
                  quantizeSeconds * 1e3, "", "", "", "");
    if (f < 0)
      continue;
    // The prefill shape through the CPU backend's K-quant matmul.
    std::vector<float> c(kBatch * kN);
    double tm = bestSeconds([&] {
      matmulKQuant(a.data(), rotated.rotate(), formats[f], c.data(), kBatch, kK, kN, pool);
    });
    std::snprintf(name, sizeof name, "matmul 64x4096x4096 %s", quant::kFormatName(formats[f]));
    printRow({name, count, tm, double(rotated.matrixBytes), 2.0 * kBatch * kN * kK, 0},
             bandwidth);
  }
}

} // namespace

int main() {
  unsigned hw = std::thread::hardware_concurrency();
  ThreadPool pool(hw ? hw : 1);
  std::mt19937 rng(7);
  std::normal_distribution<float> dist(0.0f, 1.0f);
  std::vector<float> w(kN * kK), a(kBatch * kK), c(kBatch * kN);
  for (float &x : w)
    x = dist(rng);
  for (float &x : a)
    x = dist(rng);
  std::vector<uint8_t> q8(kN * quant::rowBytesQ8_0(kK)), q4(kN * quant::rowBytesQ4_0(kK));
  quant::quantizeRowQ8_0(w.data(), q8.data(), kN * kK);
  quant::quantizeRowQ4_0(w.data(), q4.data(), kN * kK);
  Weights wf = replicate(w.data(), w.size() * sizeof(float));
  Weights w8 = replicate(q8.data(), q8.size()), w4 = replicate(q4.data(), q4.size());
  // q4_0 as the CPU backend repacks it at load where the ISA reads eight
  // rows at a time (quant::q4_0GroupsPay).
  const bool grouped = quant::q4_0GroupsPay(quant::activeIsa());
  std::vector<uint8_t> q4g(q4.size());
  quant::packQ4_0Groups(q4.data(), kN, kK, q4g.data());
  Weights w4g = grouped ? replicate(q4g.data(), q4g.size()) : Weights{};

  std::printf("quantized matmul, isa %s, %u hardware threads\n\n", quant::isaName(quant::activeIsa()),
              hw);
  std::printf("| %-26s | threads | time (ms) | weight GB/s | GFLOP/s | vs f32 | of memcpy |\n",
              "case");
  std::printf("|----------------------------|--------:|----------:|------------:|--------:|-------:|----------:|\n");
  for (ThreadPool *threads : {static_cast<ThreadPool *>(nullptr), &pool}) {
    unsigned count = threads ? threads->size() : 1;
    double bandwidth = memcpyGBs(threads);
    std::printf("| %-26s | %7u | %9s | %11.1f | %7s | %7s | %9s |\n", "memcpy 1 GiB (r+w)",
                count, "", bandwidth, "", "", "");
    if (threads)
      std::printf("| %-26s | %7u | %9.3f | %11s | %7s | %7s | %9s |\n", "empty parallelFor",
                  count, poolRoundTripSeconds(threads) * 1e3, "", "", "", "");
    benchDecodeTiles(w, a, threads, bandwidth);
    for (int64_t m : {int64_t(1), kBatch}) {
      double flops = 2.0 * m * kN * kK;
      double tf = bestSeconds([&] {
        matmulF32(a.data(), reinterpret_cast<const float *>(wf.rotate()), c.data(), m, kK, kN,
                  true, threads);
      });
      double t8 = bestSeconds([&] {
        matmulQuantized(a.data(), w8.rotate(), DType::Q8_0, c.data(), m, kK, kN, threads);
      });
      double t4 = bestSeconds([&] {
        matmulQuantized(a.data(), w4.rotate(), DType::Q4_0, c.data(), m, kK, kN, threads);
      });
      bool vec = m == 1;
      printRow({vec ? "matvec 4096x4096 f32" : "matmul 64x4096x4096 f32", count, tf,
                double(wf.matrixBytes), flops, tf}, bandwidth);
      printRow({vec ? "matvec 4096x4096 q8_0" : "matmul 64x4096x4096 q8_0", count, t8,
                double(w8.matrixBytes), flops, tf}, bandwidth);
      printRow({vec ? "matvec 4096x4096 q4_0" : "matmul 64x4096x4096 q4_0", count, t4,
                double(w4.matrixBytes), flops, tf}, bandwidth);
      if (grouped) {
        double tg = bestSeconds([&] {
          matmulQuantizedGroups(a.data(), w4g.rotate(), DType::Q4_0, c.data(), m, kK, kN, threads);
        });
        printRow({vec ? "matvec 4096x4096 q4_0x8" : "matmul 64x4096x4096 q4_0x8", count, tg,
                  double(w4g.matrixBytes), flops, tf}, bandwidth);
      }
    }
  }
  return 0;
}
