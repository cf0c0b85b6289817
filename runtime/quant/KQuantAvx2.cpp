//===- KQuantAvx2.cpp - K-quant x Q8_K dot products on AVX2 ----------------===//
//
// Compiled per function for avx2,fma,f16c, as DotAvx2.cpp (no global
// -march; KQuantDot.cpp asks isaSupported() before calling in here). The
// lanes and the f32 arithmetic are those of the scalar reference
// (KQuantDot.cpp's header), so the results are its bits:
//  - maddubs_epi16(q, a) with q unsigned (at most 63) is exact in int16
//    (2 * 63 * 128 < 2^15); madd_epi16 with the sub-block's scale then gives
//    int32 lane k = scale * (products of elements 4k .. 4k+3 of the chunk of
//    32), the scalar reference's lane.
//  - The scales are unpacked from their 12 bytes with four 32-bit masks and
//    shifts, widened to int16 once per super-block, and spread over a chunk
//    with one byte shuffle.
// Decode streams the weights: a row's super-block is read once, and the
// activation block it meets stays in L1 for all rows of the tile.
//
//===----------------------------------------------------------------------===//

#if defined(__x86_64__)

#include "runtime/quant/KQuantKernels.h"

#include <immintrin.h>

#define THYMOS_AVX2 __attribute__((target("avx2,fma,f16c")))

namespace thymos::quant::kernels {

namespace {

THYMOS_AVX2 inline float halfScale(const uint8_t *at) {
  return _cvtsh_ss(static_cast<unsigned short>(at[0] | (at[1] << 8)));
}

THYMOS_AVX2 inline __m256i load256(const uint8_t *at) {
  return _mm256_loadu_si256(reinterpret_cast<const __m256i *>(at));
}

/// ((a0 + a4) + (a2 + a6)) + ((a1 + a5) + (a3 + a7)).
THYMOS_AVX2 inline float sumLanes(__m256 v) {
  __m128 s = _mm_add_ps(_mm256_extractf128_ps(v, 1), _mm256_castps256_ps128(v));
  s = _mm_add_ps(s, _mm_movehl_ps(s, s));
  s = _mm_add_ss(s, _mm_movehdup_ps(s));
  return _mm_cvtss_f32(s);
}

/// (m0 + m2) + (m1 + m3).
THYMOS_AVX2 inline float sumLanes(__m128 v) {
  v = _mm_add_ps(v, _mm_movehl_ps(v, v));
  v = _mm_add_ss(v, _mm_movehdup_ps(v));
  return _mm_cvtss_f32(v);
}

/// The eight 6-bit scales, then the eight mins, as 16 int16s.
THYMOS_AVX2 inline __m256i unpackScalesMins(const uint8_t *scales) {
  uint32_t w[3];
  std::memcpy(w, scales, sizeof w);
  const uint32_t low6 = 0x3f3f3f3f, low4 = 0x0f0f0f0f, top2 = 0x03030303;
  const uint32_t scales03 = w[0] & low6, mins03 = w[1] & low6;
  const uint32_t scales47 = (w[2] & low4) | (((w[0] >> 6) & top2) << 4);
  const uint32_t mins47 = ((w[2] >> 4) & low4) | (((w[1] >> 6) & top2) << 4);
  return _mm256_cvtepu8_epi16(_mm_set_epi32(static_cast<int>(mins47), static_cast<int>(mins03),
                                            static_cast<int>(scales47),
                                            static_cast<int>(scales03)));
}

/// Shuffle controls: int16 lane `s` of a 128-bit half into all eight lanes.
struct SpreadInt16 {
  __m256i lane[8];
  THYMOS_AVX2 SpreadInt16() {
    for (int s = 0; s < 8; ++s)
      lane[s] = _mm256_set1_epi16(static_cast<short>(0x0100 + 0x0202 * s));
  }
};

/// Q4_K/Q5_K row against an activation row.
template <bool FifthBit>
THYMOS_AVX2 float dotQ4_5K(const uint8_t *w, const uint8_t *a, int64_t blocks) {
  constexpr size_t kBytes = FifthBit ? kQ5_KBlockBytes : kQ4_KBlockBytes;
  constexpr size_t kQs = FifthBit ? kQ5_KQsAt : kQ4_KQsAt;
  const SpreadInt16 spread;
  const __m256i nibble = _mm256_set1_epi8(0x0f);
  __m256 acc = _mm256_setzero_ps();
  __m128 accMins = _mm_setzero_ps();
  float minSum = 0.0f;
  for (int64_t b = 0; b < blocks; ++b, w += kBytes, a += kQ8_KBlockBytes) {
    const __m256i scalesMins = unpackScalesMins(w + kKScalesAt);
    const __m256i scales = _mm256_permute2x128_si256(scalesMins, scalesMins, 0x00);
    const __m128i mins = _mm256_extracti128_si256(scalesMins, 1);
    const __m256i sums16 = load256(a + kQ8_KSumsAt);
    const __m128i subSums =
        _mm_hadd_epi16(_mm256_castsi256_si128(sums16), _mm256_extracti128_si256(sums16, 1));
    const __m128i minProducts = _mm_madd_epi16(mins, subSums);
    __m256i hbits = _mm256_setzero_si256();
    if (FifthBit)
      hbits = load256(w + kQ5_KQhAt);
    __m256i sum = _mm256_setzero_si256();
    for (int c = 0; c < 4; ++c) {
      const __m256i bits = load256(w + kQs + 32 * c);
      __m256i lo = _mm256_and_si256(bits, nibble);
      __m256i hi = _mm256_and_si256(_mm256_srli_epi16(bits, 4), nibble);
      if (FifthBit) {
        const __m256i bitLo = _mm256_set1_epi8(static_cast<char>(1 << (2 * c)));
        const __m256i bitHi = _mm256_set1_epi8(static_cast<char>(2 << (2 * c)));
        const __m256i sixteen = _mm256_set1_epi8(16);
        lo = _mm256_or_si256(lo, _mm256_and_si256(
                                     _mm256_cmpeq_epi8(_mm256_and_si256(hbits, bitLo), bitLo),
                                     sixteen));
        hi = _mm256_or_si256(hi, _mm256_and_si256(
                                     _mm256_cmpeq_epi8(_mm256_and_si256(hbits, bitHi), bitHi),
                                     sixteen));
      }
      const __m256i pLo = _mm256_maddubs_epi16(lo, load256(a + kQ8_KQsAt + 64 * c));
      const __m256i pHi = _mm256_maddubs_epi16(hi, load256(a + kQ8_KQsAt + 64 * c + 32));
      sum = _mm256_add_epi32(
          sum, _mm256_add_epi32(
                   _mm256_madd_epi16(_mm256_shuffle_epi8(scales, spread.lane[2 * c]), pLo),
                   _mm256_madd_epi16(_mm256_shuffle_epi8(scales, spread.lane[2 * c + 1]), pHi)));
    }
    const float da = q8KScale(a);
    const float d = da * halfScale(w), dmin = -da * halfScale(w + 2);
    acc = _mm256_fmadd_ps(_mm256_set1_ps(d), _mm256_cvtepi32_ps(sum), acc);
    if (FifthBit) {
      __m128i m = _mm_add_epi32(minProducts, _mm_unpackhi_epi64(minProducts, minProducts));
      m = _mm_add_epi32(m, _mm_shuffle_epi32(m, 0xb1));
      const __m128 total = _mm_cvtepi32_ps(m);
      minSum = _mm_cvtss_f32(_mm_fmadd_ss(_mm_set_ss(dmin), total, _mm_set_ss(minSum)));
    } else {
      accMins = _mm_fmadd_ps(_mm_set1_ps(dmin), _mm_cvtepi32_ps(minProducts), accMins);
    }
  }
  return sumLanes(acc) + (FifthBit ? minSum : sumLanes(accMins));
}

/// Q6_K row against an activation row.
THYMOS_AVX2 float dotQ6_K(const uint8_t *w, const uint8_t *a, int64_t blocks) {
  const __m256i nibble = _mm256_set1_epi8(0x0f);
  // Bytes 2c (eight times) then 2c+1: the scales of chunk c's two sub-blocks.
  __m128i pairOf[8];
  for (int c = 0; c < 8; ++c)
    pairOf[c] = _mm_set_epi64x(0x0101010101010101LL * (2 * c + 1), 0x0101010101010101LL * (2 * c));
  __m256 acc = _mm256_setzero_ps();
  for (int64_t b = 0; b < blocks; ++b, w += kQ6_KBlockBytes, a += kQ8_KBlockBytes) {
    const __m128i scales8 = _mm_loadu_si128(reinterpret_cast<const __m128i *>(w + kQ6_KScalesAt));
    // 32 * (sc_2k * S_2k + sc_2k+1 * S_2k+1): the offset of q - 32, per lane.
    const __m256i offset = _mm256_slli_epi32(
        _mm256_madd_epi16(load256(a + kQ8_KSumsAt), _mm256_cvtepi8_epi16(scales8)), 5);
    __m256i sum = _mm256_setzero_si256();
    for (int h = 0; h < 2; ++h) {
      const __m256i bits0 = load256(w + 64 * h), bits1 = load256(w + 64 * h + 32);
      const __m256i high = load256(w + kQ6_KQhAt + 32 * h);
      __m256i q[4];
      q[0] = _mm256_or_si256(_mm256_and_si256(bits0, nibble),
                             _mm256_slli_epi16(_mm256_and_si256(high, _mm256_set1_epi8(3)), 4));
      q[1] = _mm256_or_si256(_mm256_and_si256(bits1, nibble),
                             _mm256_slli_epi16(_mm256_and_si256(high, _mm256_set1_epi8(12)), 2));
      q[2] = _mm256_or_si256(_mm256_and_si256(_mm256_srli_epi16(bits0, 4), nibble),
                             _mm256_and_si256(high, _mm256_set1_epi8(48)));
      q[3] = _mm256_or_si256(
          _mm256_and_si256(_mm256_srli_epi16(bits1, 4), nibble),
          _mm256_srli_epi16(_mm256_and_si256(high, _mm256_set1_epi8(static_cast<char>(0xc0))), 2));
      for (int k = 0; k < 4; ++k) {
        const int chunk = 4 * h + k;
        const __m256i p = _mm256_maddubs_epi16(q[k], load256(a + kQ8_KQsAt + 32 * chunk));
        const __m256i scale = _mm256_cvtepi8_epi16(_mm_shuffle_epi8(scales8, pairOf[chunk]));
        sum = _mm256_add_epi32(sum, _mm256_madd_epi16(scale, p));
      }
    }
    sum = _mm256_sub_epi32(sum, offset);
    const float d = q8KScale(a) * halfScale(w + kQ6_KDAt);
    acc = _mm256_fmadd_ps(_mm256_set1_ps(d), _mm256_cvtepi32_ps(sum), acc);
  }
  return sumLanes(acc);
}

} // namespace

THYMOS_AVX2 void tileKAvx2(const KTile &t) {
  const int64_t blocks = t.n / kSuperBlockElems;
  for (int64_t i = 0; i < t.actRows; ++i) {
    const uint8_t *act = t.acts + i * t.actRowBytes;
    float *out = t.out + i * t.outStride;
    for (int64_t r = 0; r < t.weightRows; ++r) {
      const uint8_t *w = t.weights + r * t.weightRowBytes;
      switch (t.format) {
      case KFormat::Q4_K:
        out[r] = dotQ4_5K<false>(w, act, blocks);
        break;
      case KFormat::Q5_K:
        out[r] = dotQ4_5K<true>(w, act, blocks);
        break;
      case KFormat::Q6_K:
        out[r] = dotQ6_K(w, act, blocks);
        break;
      }
    }
  }
}

} // namespace thymos::quant::kernels

#endif // defined(__x86_64__)
