//===- QuantizeAvx2.cpp - f32 activations to Q8_0/Q8_K, eight lanes wide --===//
//
// The same bits as the portable quantizeActivationsQ8_0(): amax by max over
// |x| (a NaN element never wins, as with fmax), the x86 multiplier
// 127 / amax, products rounded half to even, NaN to 0, and the rest clamped
// to [-128, 127] before conversion (an infinite product, from a subnormal
// amax, saturates instead of wrapping).
//
// The same bytes as the portable quantizeActivationsQ8_K(), whatever the
// input (NaN and infinities included): the first element of the largest
// magnitude found by comparing each with the vector maximum, the rounding
// by adding 1.5 * 2^23 and reading the low mantissa bits, the cap at 127 in
// int32, then each lane's low byte (the portable code's int8 conversion).
//
//===----------------------------------------------------------------------===//

#include "runtime/quant/DotKernels.h"
#include "runtime/quant/KQuantKernels.h"

#if defined(__x86_64__)
#include <immintrin.h>

#include <cstring>

namespace thymos::quant::kernels {

#define THYMOS_AVX2 __attribute__((target("avx2,fma")))

THYMOS_AVX2 void quantizeActivationsQ8_0Avx2(const float *x, void *blocks, int64_t n) {
  auto *out = static_cast<uint8_t *>(blocks);
  const __m256 signBit = _mm256_set1_ps(-0.0f);
  const __m256 lowest = _mm256_set1_ps(-128.0f), highest = _mm256_set1_ps(127.0f);
  for (int64_t b = 0; b < n / kBlockElems; ++b, x += kBlockElems, out += kQ8_0BlockBytes) {
    __m256 v[4];
    // max_ps returns its second operand when either is NaN: amax stays.
    __m256 amax = _mm256_setzero_ps();
    for (int u = 0; u < 4; ++u) {
      v[u] = _mm256_loadu_ps(x + 8 * u);
      amax = _mm256_max_ps(_mm256_andnot_ps(signBit, v[u]), amax);
    }
    __m128 m = _mm_max_ps(_mm256_castps256_ps128(amax), _mm256_extractf128_ps(amax, 1));
    m = _mm_max_ps(m, _mm_movehl_ps(m, m));
    m = _mm_max_ss(m, _mm_movehdup_ps(m));
    const float blockMax = _mm_cvtss_f32(m);
    const uint16_t scale = floatToHalf(blockMax / 127.0f);
    std::memcpy(out, &scale, sizeof scale);
    const __m256 id = _mm256_set1_ps(blockMax != 0.0f ? 127.0f / blockMax : 0.0f);
    __m256i q[4];
    for (int u = 0; u < 4; ++u) {
      __m256 p = _mm256_mul_ps(v[u], id);
      p = _mm256_round_ps(p, _MM_FROUND_TO_NEAREST_INT | _MM_FROUND_NO_EXC);
      p = _mm256_and_ps(p, _mm256_cmp_ps(p, p, _CMP_ORD_Q)); // NaN -> 0
      p = _mm256_min_ps(_mm256_max_ps(p, lowest), highest);
      q[u] = _mm256_cvtps_epi32(p);
    }
    // packs works within 128-bit halves: the permute puts the 32 bytes back
    // in element order.
    const __m256i words = _mm256_packs_epi32(q[0], q[1]), words2 = _mm256_packs_epi32(q[2], q[3]);
    const __m256i bytes = _mm256_permutevar8x32_epi32(_mm256_packs_epi16(words, words2),
                                                      _mm256_setr_epi32(0, 4, 1, 5, 2, 6, 3, 7));
    _mm256_storeu_si256(reinterpret_cast<__m256i *>(out + 2), bytes);
  }
}


THYMOS_AVX2 void quantizeActivationsQ8_KAvx2(const float *x, void *blocks, int64_t n) {
  constexpr int kVectors = kSuperBlockElems / 8;
  auto *out = static_cast<uint8_t *>(blocks);
  const __m256 signBit = _mm256_set1_ps(-0.0f), shift = _mm256_set1_ps(12582912.0f);
  const __m256i mantissa = _mm256_set1_epi32(0x007fffff), half = _mm256_set1_epi32(0x00400000);
  const __m256i cap = _mm256_set1_epi32(127);
  // Byte 0 of each 32-bit lane to the low four bytes of each 128-bit half.
  const __m256i lowBytes =
      _mm256_setr_epi8(0, 4, 8, 12, -1, -1, -1, -1, -1, -1, -1, -1, -1, -1, -1, -1, 0, 4, 8, 12,
                       -1, -1, -1, -1, -1, -1, -1, -1, -1, -1, -1, -1);
  const __m256i ones = _mm256_set1_epi16(1);
  for (int64_t b = 0; b < n / kSuperBlockElems; ++b, x += kSuperBlockElems,
               out += kQ8_KBlockBytes) {
    __m256 amax = _mm256_setzero_ps();
    for (int u = 0; u < kVectors; ++u)
      amax = _mm256_max_ps(_mm256_andnot_ps(signBit, _mm256_loadu_ps(x + 8 * u)), amax);
    __m128 m = _mm_max_ps(_mm256_castps256_ps128(amax), _mm256_extractf128_ps(amax, 1));
    m = _mm_max_ps(m, _mm_movehl_ps(m, m));
    m = _mm_max_ss(m, _mm_movehdup_ps(m));
    const float blockMax = _mm_cvtss_f32(m);
    if (blockMax == 0.0f) {
      std::memset(out, 0, kQ8_KBlockBytes);
      continue;
    }
    float max = 0.0f;
    const __m256 target = _mm256_set1_ps(blockMax);
    for (int u = 0; u < kVectors; ++u) {
      const __m256 v = _mm256_andnot_ps(signBit, _mm256_loadu_ps(x + 8 * u));
      if (const int hits = _mm256_movemask_ps(_mm256_cmp_ps(v, target, _CMP_EQ_OQ))) {
        max = x[8 * u + __builtin_ctz(static_cast<unsigned>(hits))];
        break;
      }
    }
    const float iscale = -127.0f / max;
    const __m256 scale = _mm256_set1_ps(iscale);
    auto *qs = reinterpret_cast<int8_t *>(out + kQ8_KQsAt);
    for (int u = 0; u < kVectors; ++u) {
      __m256 product = _mm256_mul_ps(scale, _mm256_loadu_ps(x + 8 * u));
      // Rounded to f32 before the add, as the portable code: GCC would
      // otherwise fuse the two into one fma.
      __asm__("" : "+x"(product));
      const __m256 shifted = _mm256_add_ps(product, shift);
      __m256i q = _mm256_sub_epi32(_mm256_and_si256(_mm256_castps_si256(shifted), mantissa),
                                   half);
      q = _mm256_min_epi32(q, cap);
      const __m256i packed = _mm256_shuffle_epi8(q, lowBytes);
      const int32_t lo = _mm256_cvtsi256_si32(packed);
      const int32_t hi = _mm256_extract_epi32(packed, 4);
      std::memcpy(qs + 8 * u, &lo, 4);
      std::memcpy(qs + 8 * u + 4, &hi, 4);
    }
    // The sums of each 16 quants: widened to int16, pairs summed to int32.
    alignas(32) int32_t pairSums[8];
    for (int g = 0; g < 16; g += 2) {
      const __m256i words =
          _mm256_cvtepi8_epi16(_mm_loadu_si128(reinterpret_cast<const __m128i *>(qs + 16 * g)));
      const __m256i words2 = _mm256_cvtepi8_epi16(
          _mm_loadu_si128(reinterpret_cast<const __m128i *>(qs + 16 * g + 16)));
      // hadd of the two pair sums per lane gives groups g and g + 1 in order.
      __m256i s = _mm256_hadd_epi32(_mm256_madd_epi16(words, ones),
                                    _mm256_madd_epi16(words2, ones));
      s = _mm256_hadd_epi32(s, s);
      _mm256_store_si256(reinterpret_cast<__m256i *>(pairSums), s);
      const int sums[2] = {pairSums[0] + pairSums[4], pairSums[1] + pairSums[5]};
      for (int h = 0; h < 2; ++h) {
        out[kQ8_KSumsAt + 2 * (g + h)] = static_cast<uint8_t>(sums[h] & 0xff);
        out[kQ8_KSumsAt + 2 * (g + h) + 1] = static_cast<uint8_t>((sums[h] >> 8) & 0xff);
      }
    }
    const float d = 1.0f / iscale;
    std::memcpy(out, &d, sizeof d);
  }
}

} // namespace thymos::quant::kernels

#endif // __x86_64__
