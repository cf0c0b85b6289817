//===- KQuantVnniRows.h - K-quant x Q8_K rows with vpdpwssd ----------------===//
//
// Included by KQuantAvx512Vnni.cpp (EVEX) and KQuantAvxVnni.cpp (VEX). The
// includer defines, before the include: THYMOS_KVNNI, the target attribute
// of every function here, and dpwssd(acc, p, s), its vpdpwssd on 256-bit
// registers. Everything has internal linkage, so the two builds never meet
// at link time.
//
// The lanes and the f32 arithmetic are the scalar reference's
// (KQuantDot.cpp's header), hence its bits. What differs from
// KQuantAvx2.cpp is only how the exact int32 lanes are formed:
//  - maddubs(q, a), q unsigned <= 63, is exact in int16 as there; vpdpwssd
//    then multiplies by the sub-block's scale and adds to the lane in one
//    instruction instead of madd + add;
//  - the 6-bit scales and mins of Q4_K/Q5_K are unpacked with two byte
//    shuffles and masks in a vector (not 20 scalar operations), and spread
//    over a chunk straight from bytes (zero-extended to int16 by pshufb);
//  - the Q6_K scales are widened once per block with the even ones in the
//    low half and the odd ones in the high half, so one in-lane shuffle
//    gives a chunk's pair;
//  - two chains of vpdpwssd per block, as one chain of eight is latency
//    bound.
// These row kernels serve decode (one activation row, weights streamed
// from memory); KQuantVnniPanels.h has the prefill kernels.
//
//===----------------------------------------------------------------------===//
#pragma once

#if defined(__x86_64__)

#include "runtime/quant/KQuantKernels.h"

#include <immintrin.h>

namespace thymos::quant::kernels {
namespace {

THYMOS_KVNNI inline float halfScale(const uint8_t *at) {
  return _cvtsh_ss(static_cast<unsigned short>(at[0] | (at[1] << 8)));
}

THYMOS_KVNNI inline __m256i load256(const uint8_t *at) {
  return _mm256_loadu_si256(reinterpret_cast<const __m256i *>(at));
}

THYMOS_KVNNI inline __m128i load128(const uint8_t *at) {
  return _mm_loadu_si128(reinterpret_cast<const __m128i *>(at));
}

/// ((a0 + a4) + (a2 + a6)) + ((a1 + a5) + (a3 + a7)).
THYMOS_KVNNI inline float sumLanes(__m256 v) {
  __m128 s = _mm_add_ps(_mm256_extractf128_ps(v, 1), _mm256_castps256_ps128(v));
  s = _mm_add_ps(s, _mm_movehl_ps(s, s));
  s = _mm_add_ss(s, _mm_movehdup_ps(s));
  return _mm_cvtss_f32(s);
}

/// (m0 + m2) + (m1 + m3).
THYMOS_KVNNI inline float sumLanes(__m128 v) {
  v = _mm_add_ps(v, _mm_movehl_ps(v, v));
  v = _mm_add_ss(v, _mm_movehdup_ps(v));
  return _mm_cvtss_f32(v);
}

/// A Q4_K/Q5_K block's scales 0..7 then mins 0..7, as bytes (KQuantKernels.h
/// scaleMinK() gives the packing). The 16-byte load reads four quant bytes
/// past the scales, which the shuffles drop.
THYMOS_KVNNI inline __m128i scalesMinsBytes(const uint8_t *scales) {
  const __m128i v = load128(scales);
  // Low bits: bytes 0..3 (scales), 8..11 (low nibbles), 4..7 (mins), 8..11
  // (high nibbles, shifted down in the last word).
  const __m128i low =
      _mm_shuffle_epi8(v, _mm_setr_epi8(0, 1, 2, 3, 8, 9, 10, 11, 4, 5, 6, 7, 8, 9, 10, 11));
  const __m128i lowBits =
      _mm_and_si128(_mm_blend_epi32(low, _mm_srli_epi16(low, 4), 0x8),
                    _mm_setr_epi8(63, 63, 63, 63, 15, 15, 15, 15, 63, 63, 63, 63, 15, 15, 15, 15));
  // Top two bits of scales and mins 4..7: the top bits of bytes 0..7.
  const __m128i top =
      _mm_shuffle_epi8(v, _mm_setr_epi8(-1, -1, -1, -1, 0, 1, 2, 3, -1, -1, -1, -1, 4, 5, 6, 7));
  return _mm_or_si128(lowBits, _mm_and_si128(_mm_srli_epi16(top, 2), _mm_set1_epi8(0x30)));
}

/// pshufb controls: byte `s` of each 128-bit half, zero-extended, in all
/// eight int16 lanes.
struct SpreadBytes {
  __m256i lane[8];
  THYMOS_KVNNI SpreadBytes() {
    for (int s = 0; s < 8; ++s)
      lane[s] = _mm256_set1_epi16(static_cast<short>(0x8000 | s));
  }
};

/// pshufb controls: int16 lane `c` of each 128-bit half in all its lanes.
struct SpreadPairs {
  __m256i lane[8];
  THYMOS_KVNNI SpreadPairs() {
    for (int c = 0; c < 8; ++c)
      lane[c] = _mm256_set1_epi16(static_cast<short>((2 * c) | ((2 * c + 1) << 8)));
  }
};

/// Chunk c's 32 Q4_K/Q5_K quants (unsigned, 0..31) for sub-block s = 2c
/// (High = false, the low nibbles) or 2c + 1.
template <bool FifthBit>
THYMOS_KVNNI inline __m256i quantsQ4_5K(__m256i bits, __m256i hbits, int s) {
  const __m256i nibble = _mm256_set1_epi8(0x0f);
  __m256i q = (s & 1) ? _mm256_and_si256(_mm256_srli_epi16(bits, 4), nibble)
                      : _mm256_and_si256(bits, nibble);
  if (!FifthBit)
    return q;
  // Bit s of qh, moved to bit 4.
  const __m256i fifth = s <= 4 ? _mm256_slli_epi16(hbits, 4 - s) : _mm256_srli_epi16(hbits, s - 4);
  return _mm256_or_si256(q, _mm256_and_si256(fifth, _mm256_set1_epi8(16)));
}

/// The four chunks of one half (128 elements) of a Q6_K block, q unsigned.
THYMOS_KVNNI inline void quantsQ6_K(const uint8_t *w, int h, __m256i *q) {
  const __m256i nibble = _mm256_set1_epi8(0x0f);
  const __m256i bits0 = load256(w + 64 * h), bits1 = load256(w + 64 * h + 32);
  const __m256i high = load256(w + kQ6_KQhAt + 32 * h);
  q[0] = _mm256_or_si256(_mm256_and_si256(bits0, nibble),
                         _mm256_slli_epi16(_mm256_and_si256(high, _mm256_set1_epi8(3)), 4));
  q[1] = _mm256_or_si256(_mm256_and_si256(bits1, nibble),
                         _mm256_slli_epi16(_mm256_and_si256(high, _mm256_set1_epi8(12)), 2));
  q[2] = _mm256_or_si256(_mm256_and_si256(_mm256_srli_epi16(bits0, 4), nibble),
                         _mm256_and_si256(high, _mm256_set1_epi8(48)));
  q[3] = _mm256_or_si256(
      _mm256_and_si256(_mm256_srli_epi16(bits1, 4), nibble),
      _mm256_srli_epi16(_mm256_and_si256(high, _mm256_set1_epi8(static_cast<char>(0xc0))), 2));
}

/// The 16 Q6_K scales as int16, even ones in the low half, odd in the high.
THYMOS_KVNNI inline __m256i evenOddScalesQ6_K(__m128i scales8) {
  return _mm256_cvtepi8_epi16(_mm_shuffle_epi8(
      scales8, _mm_setr_epi8(0, 2, 4, 6, 8, 10, 12, 14, 1, 3, 5, 7, 9, 11, 13, 15)));
}

/// The Q8_K block's sum of each sub-block of 32 (int16, wrapping as the
/// scalar reference does).
THYMOS_KVNNI inline __m128i subSumsQ8_K(const uint8_t *a) {
  const __m256i sums16 = load256(a + kQ8_KSumsAt);
  return _mm_hadd_epi16(_mm256_castsi256_si128(sums16), _mm256_extracti128_si256(sums16, 1));
}

/// Q4_K/Q5_K row against an activation row.
template <bool FifthBit>
THYMOS_KVNNI float rowQ4_5K(const uint8_t *w, const uint8_t *a, int64_t blocks) {
  constexpr size_t kBytes = FifthBit ? kQ5_KBlockBytes : kQ4_KBlockBytes;
  constexpr size_t kQs = FifthBit ? kQ5_KQsAt : kQ4_KQsAt;
  const SpreadBytes spread;
  __m256 acc = _mm256_setzero_ps();
  __m128 accMins = _mm_setzero_ps();
  float minSum = 0.0f;
  for (int64_t b = 0; b < blocks; ++b, w += kBytes, a += kQ8_KBlockBytes) {
    const __m128i scalesMins = scalesMinsBytes(w + kKScalesAt);
    const __m256i scales = _mm256_broadcastsi128_si256(scalesMins);
    const __m128i mins = _mm_cvtepu8_epi16(_mm_srli_si128(scalesMins, 8));
    const __m128i minProducts = _mm_madd_epi16(mins, subSumsQ8_K(a));
    const __m256i hbits = FifthBit ? load256(w + kQ5_KQhAt) : _mm256_setzero_si256();
    __m256i even = _mm256_setzero_si256(), odd = _mm256_setzero_si256();
    for (int c = 0; c < 4; ++c) {
      const __m256i bits = load256(w + kQs + 32 * c);
      const __m256i pLo = _mm256_maddubs_epi16(quantsQ4_5K<FifthBit>(bits, hbits, 2 * c),
                                               load256(a + kQ8_KQsAt + 64 * c));
      const __m256i pHi = _mm256_maddubs_epi16(quantsQ4_5K<FifthBit>(bits, hbits, 2 * c + 1),
                                               load256(a + kQ8_KQsAt + 64 * c + 32));
      even = dpwssd(even, pLo, _mm256_shuffle_epi8(scales, spread.lane[2 * c]));
      odd = dpwssd(odd, pHi, _mm256_shuffle_epi8(scales, spread.lane[2 * c + 1]));
    }
    const float da = q8KScale(a);
    const float d = da * halfScale(w), dmin = -da * halfScale(w + 2);
    acc = _mm256_fmadd_ps(_mm256_set1_ps(d), _mm256_cvtepi32_ps(_mm256_add_epi32(even, odd)),
                          acc);
    if (FifthBit) {
      __m128i m = _mm_add_epi32(minProducts, _mm_unpackhi_epi64(minProducts, minProducts));
      m = _mm_add_epi32(m, _mm_shuffle_epi32(m, 0xb1));
      minSum = _mm_cvtss_f32(
          _mm_fmadd_ss(_mm_set_ss(dmin), _mm_cvtepi32_ps(m), _mm_set_ss(minSum)));
    } else {
      accMins = _mm_fmadd_ps(_mm_set1_ps(dmin), _mm_cvtepi32_ps(minProducts), accMins);
    }
  }
  return sumLanes(acc) + (FifthBit ? minSum : sumLanes(accMins));
}

/// 32 * (sc_2k * S_2k + sc_2k+1 * S_2k+1) per lane k, negated: the start of
/// a Q6_K block's lanes, taking off the 32 of q - 32.
THYMOS_KVNNI inline __m256i offsetQ6_K(const uint8_t *a, __m256i scales16) {
  const __m256i offset = _mm256_madd_epi16(load256(a + kQ8_KSumsAt), scales16);
  return _mm256_sub_epi32(_mm256_setzero_si256(), _mm256_slli_epi32(offset, 5));
}

/// Q6_K row against an activation row.
THYMOS_KVNNI float rowQ6_K(const uint8_t *w, const uint8_t *a, int64_t blocks) {
  const SpreadPairs pair;
  __m256 acc = _mm256_setzero_ps();
  for (int64_t b = 0; b < blocks; ++b, w += kQ6_KBlockBytes, a += kQ8_KBlockBytes) {
    const __m128i scales8 = load128(w + kQ6_KScalesAt);
    const __m256i evenOdd = evenOddScalesQ6_K(scales8);
    __m256i even = offsetQ6_K(a, _mm256_cvtepi8_epi16(scales8)), odd = _mm256_setzero_si256();
    for (int h = 0; h < 2; ++h) {
      __m256i q[4];
      quantsQ6_K(w, h, q);
      for (int k = 0; k < 4; k += 2) {
        const int c = 4 * h + k;
        const __m256i p0 = _mm256_maddubs_epi16(q[k], load256(a + kQ8_KQsAt + 32 * c));
        const __m256i p1 = _mm256_maddubs_epi16(q[k + 1], load256(a + kQ8_KQsAt + 32 * c + 32));
        even = dpwssd(even, p0, _mm256_shuffle_epi8(evenOdd, pair.lane[c]));
        odd = dpwssd(odd, p1, _mm256_shuffle_epi8(evenOdd, pair.lane[c + 1]));
      }
    }
    const float d = q8KScale(a) * halfScale(w + kQ6_KDAt);
    acc = _mm256_fmadd_ps(_mm256_set1_ps(d), _mm256_cvtepi32_ps(_mm256_add_epi32(even, odd)),
                          acc);
  }
  return sumLanes(acc);
}

/// Every weight row of the tile against activation row i, one at a time.
THYMOS_KVNNI void tileRows(const KTile &t, int64_t i) {
  const int64_t blocks = t.n / kSuperBlockElems;
  const uint8_t *act = t.acts + i * t.actRowBytes;
  float *out = t.out + i * t.outStride;
  for (int64_t r = 0; r < t.weightRows; ++r) {
    const uint8_t *w = t.weights + r * t.weightRowBytes;
    switch (t.format) {
    case KFormat::Q4_K: out[r] = rowQ4_5K<false>(w, act, blocks); break;
    case KFormat::Q5_K: out[r] = rowQ4_5K<true>(w, act, blocks); break;
    case KFormat::Q6_K: out[r] = rowQ6_K(w, act, blocks); break;
    }
  }
}

} // namespace
} // namespace thymos::quant::kernels

#endif // __x86_64__
