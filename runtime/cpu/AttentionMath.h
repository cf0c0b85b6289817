//===- AttentionMath.h - The per-CPU inner loops of attention -------------===//
//
// Attention.cpp walks queries, heads and chunks of keys; these are the loops
// inside one chunk: the scores of up to kHeadsTogether query heads against a
// chunk of key rows, their exponentials, and the weighted sum of the chunk's
// value rows. Every sum is binary64; the f32 rows are widened exactly as
// they are loaded. The AVX2 + FMA versions, or the AVX-512F ones that give
// their bits, are chosen once at run time.
//
//===----------------------------------------------------------------------===//

#ifndef THYMOS_RUNTIME_CPU_ATTENTIONMATH_H
#define THYMOS_RUNTIME_CPU_ATTENTIONMATH_H

#include "runtime/PlanFormat.h"

#include <cstdint>

namespace thymos::rt::attention {

/// Keys scored together before their weights are added (the scores live on
/// the stack).
constexpr int64_t kKeysPerChunk = 64;
/// Query heads of one key/value head that go through its rows together.
constexpr int64_t kHeadsTogether = 4;
constexpr int64_t kMaxDim = plan::kMaxAttentionHeadDim;
/// How many rows ahead the key and value rows are asked for. A head's part
/// of a row is a short piece of it (64 f32 of 256 with 4 key/value heads),
/// a stride the hardware prefetchers follow poorly: without this, a decode
/// step at position 600 spent most of its attention time waiting on loads.
constexpr int64_t kPrefetchRows = 8;

using QueryRows = double[kHeadsTogether][kMaxDim];
using ChunkScores = double[kHeadsTogether][kKeysPerChunk];

/// One chunk of one key/value head's rows, and the query heads that read it.
template <typename T> struct Chunk {
  const double (*q)[kMaxDim]; ///< the query heads, widened to binary64
  int64_t heads;              ///< 1 .. kHeadsTogether
  const T *k, *v;             ///< the chunk's first key and value row
  int64_t stride;             ///< elements from one row to the next
  int64_t keys;               ///< rows in the chunk, 1 .. kKeysPerChunk
  int64_t rowsLeft;           ///< rows from the chunk's first to the last attended
  int64_t dim;                ///< the head dimension
};

/// scores[h][j] = scale * sum_d q[h][d] * k[j][d].
template <typename T> using ScoreFn = void (*)(const Chunk<T> &, double scale, ChunkScores &);
/// acc[h][d] += w[h][j] * v[j][d] for j = 0 .. keys - 1 in order.
template <typename T>
using AccumulateFn = void (*)(const Chunk<T> &, const ChunkScores &w, QueryRows &acc);

struct HeadKernels {
  ScoreFn<float> scoreF32;
  AccumulateFn<float> accumulateF32;
  ScoreFn<double> scoreF64;
  AccumulateFn<double> accumulateF64;
  /// x[j] = exp(x[j]) in place, for x[j] <= 0 (a score minus the maximum).
  void (*exps)(double *x, int64_t n);
  /// y[d] = x[d], exactly.
  void (*widenF32)(const float *x, double *y, int64_t n);
};

/// The kernels for this CPU, chosen on the first call.
const HeadKernels &headKernels();

/// Portable loops, AVX2 + FMA, or the best this CPU has (AVX-512F).
enum class HeadKernelLevel { Portable, Avx2, Best };
/// The best kernels of this CPU up to `level`, for tests that compare them.
HeadKernels headKernelsUpTo(HeadKernelLevel level);

} // namespace thymos::rt::attention

#endif // THYMOS_RUNTIME_CPU_ATTENTIONMATH_H
