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
// Q4_0 sums over blocks as DotScalar.cpp says (one fma per block, in block
// order, as ggml's x86 Q4_0 kernels): tileQ4_0() totals each block for four
// outputs at once (totals4) and keeps one f32 lane per output.
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

  /// The eight sums of four consecutive products (elements 4j .. 4j+3), the
  /// lanes of ggml's x86 Q8_0 kernels, in the order [0, 1, 4, 5 | 2, 3, 6, 7]
  /// (hadd works per 128-bit half); laneOrder() puts them right at the end.
  THYMOS_AVX2 __m256i quads(const Act &a) const {
    return _mm256_hadd_epi32(_mm256_madd_epi16(lo, a.lo), _mm256_madd_epi16(hi, a.hi));
  }
};

/// Accumulators of quads() lanes, in element order: lanes j and j+4 are then
/// added first, as ggml's horizontal sum does.
THYMOS_AVX2 inline __m256 laneOrder(__m256 acc) {
  return _mm256_castpd_ps(_mm256_permute4x64_pd(_mm256_castps_pd(acc), 0xd8));
}

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
/// unpacked once. Each output keeps the eight f32 lanes of DotScalar.cpp's
/// Q8_0 sum, one fma per block (G independent chains hide the latency).
template <typename W, int G>
THYMOS_AVX2 inline void rowStep(const uint8_t *w, const uint8_t *act, size_t actRowBytes,
                                int64_t b, __m256 *acc) {
  const uint8_t *wb = w + b * W::kBytes;
  const W weights(wb);
  const float dw = scaleOf(wb);
  for (int i = 0; i < G; ++i) {
    const uint8_t *ab = act + i * actRowBytes + b * kQ8_0BlockBytes;
    __m256 sums = _mm256_cvtepi32_ps(weights.quads(typename W::Act(ab)));
    acc[i] = _mm256_fmadd_ps(_mm256_set1_ps(dw * scaleOf(ab)), sums, acc[i]);
  }
}

template <typename W, int G>
THYMOS_AVX2 void tileRow(const uint8_t *w, const uint8_t *act, size_t actRowBytes,
                         int64_t blocks, float *out, int64_t outStride) {
  __m256 acc[G];
  for (int i = 0; i < G; ++i)
    acc[i] = _mm256_setzero_ps();
  for (int64_t b = 0; b < blocks; ++b)
    rowStep<W, G>(w, act, actRowBytes, b, acc);
  for (int i = 0; i < G; ++i)
    out[i * outStride] = sumFloat8(laneOrder(acc[i]));
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
    __m256 sums = _mm256_cvtepi32_ps(W(wb).quads(a));
    acc[r] = _mm256_fmadd_ps(_mm256_set1_ps(scaleOf(wb) * da), sums, acc[r]);
  }
}

/// A matvec streams R short rows side by side (a Q4_0 row of k = 4096 is 36
/// cache lines), too short for the hardware prefetchers to lock on to each:
/// while a chain runs over rows r .. r + R - 1, it asks for the same blocks
/// of the next R rows, which arrive a whole chain ahead. Once per two
/// blocks: about a cache line.
template <int R>
THYMOS_AVX2 inline void prefetchNextRows(const uint8_t *at, size_t weightRowBytes) {
  for (int r = R; r < 2 * R; ++r)
    _mm_prefetch(reinterpret_cast<const char *>(at + r * weightRowBytes), _MM_HINT_T0);
}

template <typename W, int R>
THYMOS_AVX2 void tileColumn(const uint8_t *w, size_t weightRowBytes, const uint8_t *act,
                            int64_t blocks, float *out) {
  __m256 acc[R];
  for (int r = 0; r < R; ++r)
    acc[r] = _mm256_setzero_ps();
  for (int64_t b = 0; b < blocks; ++b) {
    if ((b & 1) == 0)
      prefetchNextRows<R>(w + b * W::kBytes, weightRowBytes);
    columnStep<W, R>(w, weightRowBytes, act, b, acc);
  }
  for (int r = 0; r < R; ++r)
    out[r] = sumFloat8(laneOrder(acc[r]));
}

/// The totals of four vectors of eight int32 partial sums, in order (exact:
/// integer adds).
THYMOS_AVX2 inline __m128i totals4(__m256i p0, __m256i p1, __m256i p2, __m256i p3) {
  // Per 128-bit lane: [p0, p1, p2, p3] partly summed, then the lanes added.
  __m256i s = _mm256_hadd_epi32(_mm256_hadd_epi32(p0, p1), _mm256_hadd_epi32(p2, p3));
  return _mm_add_epi32(_mm256_castsi256_si128(s), _mm256_extracti128_si256(s, 1));
}

/// The totals of eight vectors of eight int32 partial sums, in order.
THYMOS_AVX2 inline __m256i totals8(const __m256i *p) {
  __m256i s0123 = _mm256_hadd_epi32(_mm256_hadd_epi32(p[0], p[1]), _mm256_hadd_epi32(p[2], p[3]));
  __m256i s4567 = _mm256_hadd_epi32(_mm256_hadd_epi32(p[4], p[5]), _mm256_hadd_epi32(p[6], p[7]));
  // Lane 0 of each holds the partial totals of elements 0..3, lane 1 of 4..7.
  return _mm256_add_epi32(_mm256_permute2x128_si256(s0123, s4567, 0x20),
                          _mm256_permute2x128_si256(s0123, s4567, 0x31));
}

THYMOS_AVX2 inline int halfBits(const uint8_t *block) { return block[0] | (block[1] << 8); }

/// Q4_0, eight weight rows against G activation rows, each weight block
/// unpacked once for the G rows: lane r of acc[i] is output (i, r)'s chain.
template <int G, bool Prefetch>
THYMOS_AVX2 void q4Chain8(const uint8_t *w, size_t weightRowBytes, const uint8_t *act,
                          size_t actRowBytes, int64_t blocks, float *out, int64_t outStride) {
  __m256 acc[G];
  for (int i = 0; i < G; ++i)
    acc[i] = _mm256_setzero_ps();
  for (int64_t b = 0; b < blocks; ++b) {
    const uint8_t *wb = w + b * Q4_0::kBytes;
    if (Prefetch && (b & 1) == 0)
      prefetchNextRows<8>(wb, weightRowBytes);
    const Q4_0 q[8] = {Q4_0(wb),
                       Q4_0(wb + weightRowBytes),
                       Q4_0(wb + 2 * weightRowBytes),
                       Q4_0(wb + 3 * weightRowBytes),
                       Q4_0(wb + 4 * weightRowBytes),
                       Q4_0(wb + 5 * weightRowBytes),
                       Q4_0(wb + 6 * weightRowBytes),
                       Q4_0(wb + 7 * weightRowBytes)};
    __m128i halves = _mm_cvtsi32_si128(halfBits(wb));
#define THYMOS_Q4_HALF(r) halves = _mm_insert_epi16(halves, halfBits(wb + r * weightRowBytes), r);
    THYMOS_Q4_HALF(1) THYMOS_Q4_HALF(2) THYMOS_Q4_HALF(3) THYMOS_Q4_HALF(4) THYMOS_Q4_HALF(5)
    THYMOS_Q4_HALF(6) THYMOS_Q4_HALF(7)
#undef THYMOS_Q4_HALF
    const __m256 dw = _mm256_cvtph_ps(halves);
    for (int i = 0; i < G; ++i) {
      const uint8_t *ab = act + i * actRowBytes + b * kQ8_0BlockBytes;
      const Q4_0Act a(ab);
      __m256i p[8];
      for (int r = 0; r < 8; ++r)
        p[r] = q[r].dot(a);
      const __m256 scales = _mm256_mul_ps(dw, _mm256_set1_ps(scaleOf(ab)));
      acc[i] = _mm256_fmadd_ps(_mm256_cvtepi32_ps(totals8(p)), scales, acc[i]);
    }
  }
  for (int i = 0; i < G; ++i)
    _mm256_storeu_ps(out + i * outStride, acc[i]);
}

/// Q4_0, R weight rows (R <= 4) against one activation row: lane r of the
/// accumulator is fma(total_b, d_w * d_a, lane r) over the blocks b.
template <int R>
THYMOS_AVX2 void q4ColumnChain(const uint8_t *w, size_t weightRowBytes, const uint8_t *act,
                               int64_t blocks, float *out) {
  __m128 acc = _mm_setzero_ps();
  for (int64_t b = 0; b < blocks; ++b) {
    if ((b & 1) == 0)
      prefetchNextRows<R>(w + b * Q4_0::kBytes, weightRowBytes);
    const uint8_t *ab = act + b * kQ8_0BlockBytes;
    const Q4_0Act a(ab);
    __m256i p[4] = {_mm256_setzero_si256(), _mm256_setzero_si256(), _mm256_setzero_si256(),
                    _mm256_setzero_si256()};
    float dw[4] = {0.0f, 0.0f, 0.0f, 0.0f};
    for (int r = 0; r < R; ++r) {
      const uint8_t *wb = w + r * weightRowBytes + b * Q4_0::kBytes;
      p[r] = Q4_0(wb).dot(a);
      dw[r] = scaleOf(wb);
    }
    const __m128 scales = _mm_mul_ps(_mm_setr_ps(dw[0], dw[1], dw[2], dw[3]),
                                     _mm_set1_ps(scaleOf(ab)));
    acc = _mm_fmadd_ps(_mm_cvtepi32_ps(totals4(p[0], p[1], p[2], p[3])), scales, acc);
  }
  alignas(16) float lanes[4];
  _mm_store_ps(lanes, acc);
  for (int r = 0; r < R; ++r)
    out[r] = lanes[r];
}

/// Q4_0, one weight row against G activation rows (G <= 4), each weight
/// block unpacked once: lane i is activation row i's chain.
template <int G>
THYMOS_AVX2 void q4RowChain(const uint8_t *w, const uint8_t *act, size_t actRowBytes,
                            int64_t blocks, float *out, int64_t outStride) {
  __m128 acc = _mm_setzero_ps();
  for (int64_t b = 0; b < blocks; ++b) {
    const uint8_t *wb = w + b * Q4_0::kBytes;
    const Q4_0 weights(wb);
    __m256i p[4] = {_mm256_setzero_si256(), _mm256_setzero_si256(), _mm256_setzero_si256(),
                    _mm256_setzero_si256()};
    float da[4] = {0.0f, 0.0f, 0.0f, 0.0f};
    for (int i = 0; i < G; ++i) {
      const uint8_t *ab = act + i * actRowBytes + b * kQ8_0BlockBytes;
      p[i] = weights.dot(Q4_0Act(ab));
      da[i] = scaleOf(ab);
    }
    const __m128 scales = _mm_mul_ps(_mm_set1_ps(scaleOf(wb)),
                                     _mm_setr_ps(da[0], da[1], da[2], da[3]));
    acc = _mm_fmadd_ps(_mm_cvtepi32_ps(totals4(p[0], p[1], p[2], p[3])), scales, acc);
  }
  alignas(16) float lanes[4];
  _mm_store_ps(lanes, acc);
  for (int i = 0; i < G; ++i)
    out[i * outStride] = lanes[i];
}

THYMOS_AVX2 void tileQ4_0(const Tile &t) {
  const int64_t blocks = t.n / kBlockElems;
  if (t.actRows == 1) {
    int64_t r = 0;
    for (; r + 8 <= t.weightRows; r += 8)
      q4Chain8<1, true>(t.weights + r * t.weightRowBytes, t.weightRowBytes, t.acts, 0, blocks,
                        t.out + r, 0);
    for (; r + 4 <= t.weightRows; r += 4)
      q4ColumnChain<4>(t.weights + r * t.weightRowBytes, t.weightRowBytes, t.acts, blocks,
                       t.out + r);
    const uint8_t *w = t.weights + r * t.weightRowBytes;
    switch (t.weightRows - r) {
    case 1: q4ColumnChain<1>(w, t.weightRowBytes, t.acts, blocks, t.out + r); break;
    case 2: q4ColumnChain<2>(w, t.weightRowBytes, t.acts, blocks, t.out + r); break;
    case 3: q4ColumnChain<3>(w, t.weightRowBytes, t.acts, blocks, t.out + r); break;
    default: break;
    }
    return;
  }
  // Eight weight rows at a time against two activation rows at a time (the
  // eight rows' blocks stay in L1 meanwhile, and each is unpacked once for
  // both), then the rows left over with each weight block unpacked once for
  // up to four activation rows.
  int64_t r0 = 0;
  for (; r0 + 8 <= t.weightRows; r0 += 8) {
    const uint8_t *w = t.weights + r0 * t.weightRowBytes;
    int64_t i = 0;
    for (; i + 2 <= t.actRows; i += 2)
      q4Chain8<2, false>(w, t.weightRowBytes, t.acts + i * t.actRowBytes, t.actRowBytes, blocks,
                         t.out + i * t.outStride + r0, t.outStride);
    if (i < t.actRows)
      q4Chain8<1, false>(w, t.weightRowBytes, t.acts + i * t.actRowBytes, t.actRowBytes, blocks,
                         t.out + i * t.outStride + r0, t.outStride);
  }
  for (int64_t i = 0; i < t.actRows; i += 4) {
    const uint8_t *act = t.acts + i * t.actRowBytes;
    float *out = t.out + i * t.outStride;
    const int64_t group = t.actRows - i < 4 ? t.actRows - i : 4;
    for (int64_t r = r0; r < t.weightRows; ++r) {
      const uint8_t *w = t.weights + r * t.weightRowBytes;
      switch (group) {
      case 1: q4RowChain<1>(w, act, t.actRowBytes, blocks, out + r, t.outStride); break;
      case 2: q4RowChain<2>(w, act, t.actRowBytes, blocks, out + r, t.outStride); break;
      case 3: q4RowChain<3>(w, act, t.actRowBytes, blocks, out + r, t.outStride); break;
      default: q4RowChain<4>(w, act, t.actRowBytes, blocks, out + r, t.outStride); break;
      }
    }
  }
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

const IsaKernels kAvx2 = {blockSums<Q8_0>, blockSums<Q4_0>, tile<Q8_0>, tileQ4_0};

} // namespace thymos::quant::kernels

#endif // __x86_64__
