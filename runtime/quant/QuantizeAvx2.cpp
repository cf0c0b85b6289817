//===- QuantizeAvx2.cpp - f32 activations to Q8_0 blocks, eight lanes wide ===//
//
// The same bits as the portable quantizeActivationsQ8_0(): amax by max over
// |x| (a NaN element never wins, as with fmax), the x86 multiplier
// 127 / amax, products rounded half to even, NaN to 0, and the rest clamped
// to [-128, 127] before conversion (an infinite product, from a subnormal
// amax, saturates instead of wrapping).
//
//===----------------------------------------------------------------------===//

#include "runtime/quant/DotKernels.h"

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

} // namespace thymos::quant::kernels

#endif // __x86_64__
