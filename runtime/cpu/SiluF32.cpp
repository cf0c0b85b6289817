//===- SiluF32.cpp - silu of f32 elements, one rounding ---------------------===//
//
// silu(x) = x / (1 + e^-x), evaluated in binary64 and rounded to f32 once,
// so the result is the correctly rounded f32 but for inputs within about
// 2^-50 of a rounding boundary. e^u for |u| <= 708 is u = k ln 2 + r,
// |r| <= ln 2 / 2, Taylor to r^12 by Horner's rule with fused multiply-adds
// and 2^k put in the exponent: the portable and the AVX2 code run the same
// operations, so they give the same bits (std::fma where the CPU has no
// FMA). Past 708, e^u is taken as 0 or infinity: the quotient is the same.
//
//===----------------------------------------------------------------------===//

#include "runtime/cpu/ElementwiseMath.h"

#include <cstring>

#if defined(__x86_64__)
#include <immintrin.h>
#endif

namespace thymos::rt::elementwise {

namespace {

constexpr double kLog2e = 1.4426950408889634;
constexpr double kLn2Hi = 0.6931471805598903;  // ln 2 to 43 bits: k * kLn2Hi is exact
constexpr double kLn2Lo = 5.497923018708371e-14; // ln 2 - kLn2Hi
constexpr double kExpLimit = 708.0;
/// 1/12!, 1/11!, ..., 1/2!, 1/1!, 1/0!: Horner's coefficients from the top.
constexpr double kTaylor[13] = {1.0 / 479001600.0, 1.0 / 39916800.0, 1.0 / 3628800.0,
                                1.0 / 362880.0,    1.0 / 40320.0,    1.0 / 5040.0,
                                1.0 / 720.0,       1.0 / 120.0,      1.0 / 24.0,
                                1.0 / 6.0,         0.5,              1.0,
                                1.0};

double siluDouble(double x) {
  const double u = -x;
  double e;
  if (u > kExpLimit) {
    e = INFINITY;
  } else if (u < -kExpLimit) {
    e = 0.0;
  } else if (u == u) {
    const double k = std::nearbyint(u * kLog2e);
    const double r = std::fma(-k, kLn2Lo, std::fma(-k, kLn2Hi, u));
    double p = kTaylor[0];
    for (int i = 1; i < 13; ++i)
      p = std::fma(p, r, kTaylor[i]);
    e = p * std::ldexp(1.0, static_cast<int>(k));
  } else {
    e = u; // NaN
  }
  return x / (1.0 + e);
}

void siluRowsPortable(const float *x, float *y, int64_t n) {
  for (int64_t i = 0; i < n; ++i)
    y[i] = static_cast<float>(siluDouble(x[i]));
}

#if defined(__x86_64__)
#define THYMOS_AVX2_FMA __attribute__((target("avx2,fma")))

THYMOS_AVX2_FMA __m256d siluAvx2(__m256d x) {
  const __m256d u = _mm256_sub_pd(_mm256_setzero_pd(), x);
  const __m256d limit = _mm256_set1_pd(kExpLimit);
  // The reduction on u clamped into range; lanes outside are replaced below.
  const __m256d uc = _mm256_max_pd(_mm256_min_pd(u, limit), _mm256_sub_pd(_mm256_setzero_pd(),
                                                                          limit));
  const __m256d k = _mm256_round_pd(_mm256_mul_pd(uc, _mm256_set1_pd(kLog2e)),
                                    _MM_FROUND_TO_NEAREST_INT | _MM_FROUND_NO_EXC);
  const __m256d r = _mm256_fnmadd_pd(k, _mm256_set1_pd(kLn2Lo),
                                     _mm256_fnmadd_pd(k, _mm256_set1_pd(kLn2Hi), uc));
  __m256d p = _mm256_set1_pd(kTaylor[0]);
  for (int i = 1; i < 13; ++i)
    p = _mm256_fmadd_pd(p, r, _mm256_set1_pd(kTaylor[i]));
  const __m128i k32 = _mm256_cvtpd_epi32(k);
  const __m256i bits =
      _mm256_slli_epi64(_mm256_add_epi64(_mm256_cvtepi32_epi64(k32), _mm256_set1_epi64x(1023)), 52);
  __m256d e = _mm256_mul_pd(p, _mm256_castsi256_pd(bits));
  e = _mm256_blendv_pd(e, _mm256_set1_pd(INFINITY), _mm256_cmp_pd(u, limit, _CMP_GT_OQ));
  e = _mm256_blendv_pd(e, _mm256_setzero_pd(),
                       _mm256_cmp_pd(u, _mm256_set1_pd(-kExpLimit), _CMP_LT_OQ));
  e = _mm256_blendv_pd(e, u, _mm256_cmp_pd(u, u, _CMP_UNORD_Q)); // NaN stays NaN
  return _mm256_div_pd(x, _mm256_add_pd(_mm256_set1_pd(1.0), e));
}

THYMOS_AVX2_FMA void siluRowsAvx2(const float *x, float *y, int64_t n) {
  int64_t i = 0;
  for (; i + 8 <= n; i += 8) {
    const __m256d lo = siluAvx2(_mm256_cvtps_pd(_mm_loadu_ps(x + i)));
    const __m256d hi = siluAvx2(_mm256_cvtps_pd(_mm_loadu_ps(x + i + 4)));
    _mm_storeu_ps(y + i, _mm256_cvtpd_ps(lo));
    _mm_storeu_ps(y + i + 4, _mm256_cvtpd_ps(hi));
  }
  for (; i < n; ++i)
    y[i] = static_cast<float>(siluDouble(x[i]));
}
#endif

using RowsFn = void (*)(const float *, float *, int64_t);

RowsFn chooseRows() {
#if defined(__x86_64__)
  __builtin_cpu_init();
  if (__builtin_cpu_supports("avx2") && __builtin_cpu_supports("fma"))
    return siluRowsAvx2;
#endif
  return siluRowsPortable;
}

} // namespace

float siluF32(float x) { return static_cast<float>(siluDouble(x)); }

void siluF32Rows(const float *x, float *y, int64_t n) {
  static const RowsFn rows = chooseRows();
  rows(x, y, n);
}

} // namespace thymos::rt::elementwise
