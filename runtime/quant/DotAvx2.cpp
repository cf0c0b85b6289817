//===- DotAvx2.cpp - Dot products of Q8_0/Q4_0 with Q8_0 on AVX2 ------------===//
//
// Compiled per function for avx2,fma,f16c (no global -march: the library
// runs on any x86-64; Dispatch.cpp checks CPUID before calling in here).
//
// Exactness: a block's 32 products must be summed exactly, for any bytes,
// so the int32 block sums equal the scalar ones bit for bit.
//  - Q8_0 x Q8_0: both operands are widened to int16 and multiplied with
//    madd_epi16 (pairs of products into int32: at most 2 * 128 * 128). The
//    usual sign trick with maddubs_epi16 would saturate or wrap at -128.
//  - Q4_0 x Q8_0: the nibble q is unsigned, so maddubs_epi16(q, a) is exact
//    (pairs at most 2 * 15 * 128); the offset is taken off as maddubs(8, a),
//    i.e. sum (q - 8) * a = sum q * a - sum 8 * a, both exact in int16.
// The hot loops: tileRow() unpacks a weight block once for up to four
// activation rows (matmul); tileColumn() prepares an activation block once
// for four weight rows (matvec, where the weights stream from memory and
// every instruction saved per weight block shows).
//
//===----------------------------------------------------------------------===//

#if defined(__x86_64__)

#include "runtime/quant/DotKernels.h"

#include <immintrin.h>

#define THYMOS_AVX2 __attribute__((target("avx2,fma,f16c")))

namespace thymos::quant::kernels {

namespace {

THYMOS_AVX2 inline float scaleOf(const uint8_t *block) {
  return _cvtsh_ss(static_cast<unsigned short>(block[0] | (block[1] << 8)));
}

THYMOS_AVX2 inline __m128i load128(const uint8_t *at) {
  return _mm_loadu_si128(reinterpret_cast<const __m128i *>(at));
}

THYMOS_AVX2 inline int32_t sumInt32x8(__m256i v) {
  __m128i s = _mm_add_epi32(_mm256_castsi256_si128(v), _mm256_extracti128_si256(v, 1));
  s = _mm_add_epi32(s, _mm_shuffle_epi32(s, 0x4e));
  s = _mm_add_epi32(s, _mm_shuffle_epi32(s, 0xb1));
  return _mm_cvtsi128_si32(s);
}

THYMOS_AVX2 inline float sumFloat8(__m256 v) {
  __m128 s = _mm_add_ps(_mm256_castps256_ps128(v), _mm256_extractf128_ps(v, 1));
  s = _mm_add_ps(s, _mm_movehl_ps(s, s));
  s = _mm_add_ss(s, _mm_movehdup_ps(s));
  return _mm_cvtss_f32(s);
}

/// An activation block prepared for dot products with Q8_0 weights: the 32
/// quants widened to int16.
struct Q8_0Act {
  __m256i lo, hi;
  THYMOS_AVX2 explicit Q8_0Act(const uint8_t *block)
      : lo(_mm256_cvtepi8_epi16(load128(block + 2))),
        hi(_mm256_cvtepi8_epi16(load128(block + 18))) {}
};

/// Q8_0 weights, widened the same way; dot() gives eight int32 partial sums.
struct Q8_0 {
  static constexpr size_t kBytes = kQ8_0BlockBytes;
  using Act = Q8_0Act;
  __m256i lo, hi;

  THYMOS_AVX2 explicit Q8_0(const uint8_t *block)
      : lo(_mm256_cvtepi8_epi16(load128(block + 2))),
        hi(_mm256_cvtepi8_epi16(load128(block + 18))) {}

  THYMOS_AVX2 __m256i dot(const Act &a) const {
    return _mm256_add_epi32(_mm256_madd_epi16(lo, a.lo), _mm256_madd_epi16(hi, a.hi));
  }
};

/// An activation block prepared for Q4_0 weights: its 32 bytes, and the
/// offset term 8·a summed in pairs (maddubs(8, a)), which every weight row
/// shares.
struct Q4_0Act {
  __m256i a, offset;
  THYMOS_AVX2 explicit Q4_0Act(const uint8_t *block)
      : a(_mm256_loadu_si256(reinterpret_cast<const __m256i *>(block + 2))),
        offset(_mm256_maddubs_epi16(_mm256_set1_epi8(8), a)) {}
};

/// Q4_0 weights: the 32 nibbles as bytes 0..15, in element order (the low
/// nibbles are elements 0..15, the high nibbles 16..31).
struct Q4_0 {
  static constexpr size_t kBytes = kQ4_0BlockBytes;
  using Act = Q4_0Act;
  __m256i q;

  THYMOS_AVX2 explicit Q4_0(const uint8_t *block) {
    // The 16 bytes in both lanes (a broadcast load), the upper lane shifted
    // right by 4, then the low nibble of every byte: 3 instructions.
    __m256i packed = _mm256_broadcastsi128_si256(load128(block + 2));
    __m256i shifted = _mm256_srlv_epi32(packed, _mm256_set_epi32(4, 4, 4, 4, 0, 0, 0, 0));
    q = _mm256_and_si256(shifted, _mm256_set1_epi8(0x0f));
  }

  THYMOS_AVX2 __m256i dot(const Act &a) const {
    __m256i qa = _mm256_maddubs_epi16(q, a.a);
    return _mm256_madd_epi16(_mm256_sub_epi16(qa, a.offset), _mm256_set1_epi16(1));
  }
};

template <typename W>
THYMOS_AVX2 void blockSums(const uint8_t *w, const uint8_t *a, int64_t blocks, int32_t *sums) {
  for (int64_t b = 0; b < blocks; ++b)
    sums[b] = sumInt32x8(W(w + b * W::kBytes).dot(typename W::Act(a + b * kQ8_0BlockBytes)));
}

/// One weight row against G activation rows (G <= 4): each weight block is
/// unpacked once. Two accumulators per row (even and odd blocks, hence the
/// loop over pairs: constant indices keep them in registers) keep the FMA
/// latency from serialising the row.
template <typename W, int G>
THYMOS_AVX2 inline void rowStep(const uint8_t *w, const uint8_t *act, size_t actRowBytes,
                                int64_t b, __m256 *acc) {
  const uint8_t *wb = w + b * W::kBytes;
  const W weights(wb);
  const float dw = scaleOf(wb);
  for (int i = 0; i < G; ++i) {
    const uint8_t *ab = act + i * actRowBytes + b * kQ8_0BlockBytes;
    __m256 sums = _mm256_cvtepi32_ps(weights.dot(typename W::Act(ab)));
    acc[i] = _mm256_fmadd_ps(sums, _mm256_set1_ps(dw * scaleOf(ab)), acc[i]);
  }
}

template <typename W, int G>
THYMOS_AVX2 void tileRow(const uint8_t *w, const uint8_t *act, size_t actRowBytes,
                         int64_t blocks, float *out, int64_t outStride) {
  __m256 even[G], odd[G];
  for (int i = 0; i < G; ++i)
    even[i] = odd[i] = _mm256_setzero_ps();
  int64_t b = 0;
  for (; b + 2 <= blocks; b += 2) {
    rowStep<W, G>(w, act, actRowBytes, b, even);
    rowStep<W, G>(w, act, actRowBytes, b + 1, odd);
  }
  if (b < blocks)
    rowStep<W, G>(w, act, actRowBytes, b, even);
  for (int i = 0; i < G; ++i)
    out[i * outStride] = sumFloat8(_mm256_add_ps(even[i], odd[i]));
}

/// R weight rows against one activation row (a matrix-vector product):
/// each activation block is prepared once for the R rows. The accumulation
/// order is tileRow()'s, so a row's result does not depend on the tiling
/// (nor on how many rows share the batch).
template <typename W, int R>
THYMOS_AVX2 inline void columnStep(const uint8_t *w, size_t weightRowBytes, const uint8_t *act,
                                   int64_t b, __m256 *acc) {
  const uint8_t *ab = act + b * kQ8_0BlockBytes;
  const typename W::Act a(ab);
  const float da = scaleOf(ab);
  for (int r = 0; r < R; ++r) {
    const uint8_t *wb = w + r * weightRowBytes + b * W::kBytes;
    __m256 sums = _mm256_cvtepi32_ps(W(wb).dot(a));
    acc[r] = _mm256_fmadd_ps(sums, _mm256_set1_ps(scaleOf(wb) * da), acc[r]);
  }
}

/// How far ahead of the current block a matvec prefetches each weight row.
constexpr int kPrefetchBytes = 768;

template <typename W, int R>
THYMOS_AVX2 void tileColumn(const uint8_t *w, size_t weightRowBytes, const uint8_t *act,
                            int64_t blocks, float *out) {
  __m256 even[R], odd[R];
  for (int r = 0; r < R; ++r)
    even[r] = odd[r] = _mm256_setzero_ps();
  int64_t b = 0;
  for (; b + 2 <= blocks; b += 2) {
    // R short streams (a row of k = 4096 is 36 cache lines of Q4_0) give
    // the hardware prefetchers little time to lock on: ask ahead.
    for (int r = 0; r < R; ++r)
      _mm_prefetch(reinterpret_cast<const char *>(w + r * weightRowBytes + b * W::kBytes) +
                       kPrefetchBytes,
                   _MM_HINT_T0);
    columnStep<W, R>(w, weightRowBytes, act, b, even);
    columnStep<W, R>(w, weightRowBytes, act, b + 1, odd);
  }
  if (b < blocks)
    columnStep<W, R>(w, weightRowBytes, act, b, even);
  for (int r = 0; r < R; ++r)
    out[r] = sumFloat8(_mm256_add_ps(even[r], odd[r]));
}

template <typename W> THYMOS_AVX2 void tile(const Tile &t) {
  const int64_t blocks = t.n / kBlockElems;
  if (t.actRows == 1) {
    int64_t r = 0;
    for (; r + 4 <= t.weightRows; r += 4)
      tileColumn<W, 4>(t.weights + r * t.weightRowBytes, t.weightRowBytes, t.acts, blocks,
                       t.out + r);
    for (; r < t.weightRows; ++r)
      tileColumn<W, 1>(t.weights + r * t.weightRowBytes, t.weightRowBytes, t.acts, blocks,
                       t.out + r);
    return;
  }
  for (int64_t i = 0; i < t.actRows; i += 4) {
    const uint8_t *act = t.acts + i * t.actRowBytes;
    float *out = t.out + i * t.outStride;
    const int64_t group = t.actRows - i < 4 ? t.actRows - i : 4;
    for (int64_t r = 0; r < t.weightRows; ++r) {
      const uint8_t *w = t.weights + r * t.weightRowBytes;
      switch (group) {
      case 1: tileRow<W, 1>(w, act, t.actRowBytes, blocks, out + r, t.outStride); break;
      case 2: tileRow<W, 2>(w, act, t.actRowBytes, blocks, out + r, t.outStride); break;
      case 3: tileRow<W, 3>(w, act, t.actRowBytes, blocks, out + r, t.outStride); break;
      default: tileRow<W, 4>(w, act, t.actRowBytes, blocks, out + r, t.outStride); break;
      }
    }
  }
}

} // namespace

const IsaKernels kAvx2 = {blockSums<Q8_0>, blockSums<Q4_0>, tile<Q8_0>, tile<Q4_0>};

} // namespace thymos::quant::kernels

#endif // __x86_64__
