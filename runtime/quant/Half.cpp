//===- Half.cpp - IEEE half precision <-> f32, bit by bit -------------------===//
//
// The block formats store their scale as an fp16. Converting by hand (rather
// than with F16C) keeps the result identical on every host and in every
// build: round to nearest, ties to even, as the F16C instructions and
// numpy's astype(float16) do. Overflow gives ±inf, NaN stays a quiet NaN.
//
//===----------------------------------------------------------------------===//

#include "runtime/quant/Quant.h"

#if defined(__x86_64__)
#include "runtime/quant/CpuFeatures.h"

#include <immintrin.h>
#endif

#include <cstring>

namespace thymos::quant {

namespace {

uint32_t floatBits(float value) {
  uint32_t bits;
  std::memcpy(&bits, &value, sizeof bits);
  return bits;
}

float bitsFloat(uint32_t bits) {
  float value;
  std::memcpy(&value, &bits, sizeof value);
  return value;
}

/// `value >> shift`, rounded to nearest, ties to even (shift in 1..31).
uint32_t shiftRoundEven(uint32_t value, unsigned shift) {
  uint32_t kept = value >> shift;
  uint32_t rest = value & ((1u << shift) - 1);
  uint32_t halfway = 1u << (shift - 1);
  if (rest > halfway || (rest == halfway && (kept & 1)))
    ++kept;
  return kept;
}

} // namespace

uint16_t floatToHalf(float value) {
  uint32_t bits = floatBits(value);
  auto sign = static_cast<uint16_t>((bits >> 16) & 0x8000);
  uint32_t magnitude = bits & 0x7fffffff;
  if (magnitude > 0x7f800000) // NaN: quiet, keep the top payload bits.
    return static_cast<uint16_t>(sign | 0x7e00 | ((magnitude >> 13) & 0x3ff));
  // 65520 is halfway between the largest half (65504) and 2^16; the tie goes
  // to the even neighbour, which is 2^16, so from there on the answer is inf.
  if (magnitude >= 0x477ff000)
    return static_cast<uint16_t>(sign | 0x7c00);
  if (magnitude >= 0x38800000) { // A normal half (>= 2^-14).
    // Rebias the exponent (127 -> 15) and round the 23-bit mantissa to 10;
    // a carry out of the mantissa correctly bumps the exponent.
    uint32_t rebased = magnitude - 0x38000000;
    return static_cast<uint16_t>(sign | shiftRoundEven(rebased, 13));
  }
  // A subnormal half counts units of 2^-24: the value is mant * 2^(exp-150),
  // so the count is mant >> (126 - exp), rounded.
  uint32_t exponent = magnitude >> 23;
  unsigned shift = 126 - exponent; // >= 14 here.
  if (exponent == 0 || shift > 25) // Below 2^-25: rounds to zero.
    return sign;
  uint32_t mantissa = (magnitude & 0x7fffff) | 0x800000;
  return static_cast<uint16_t>(sign | shiftRoundEven(mantissa, shift));
}

float halfToFloat(uint16_t half) {
  uint32_t sign = static_cast<uint32_t>(half & 0x8000) << 16;
  uint32_t exponent = (half >> 10) & 0x1f;
  uint32_t mantissa = half & 0x3ff;
  if (exponent == 0) { // Zero or subnormal: mantissa * 2^-24, exact in f32.
    float magnitude = static_cast<float>(mantissa) * 0x1p-24f;
    return sign ? -magnitude : magnitude;
  }
  if (exponent == 31) // inf or NaN.
    return bitsFloat(sign | 0x7f800000 | (mantissa << 13));
  return bitsFloat(sign | ((exponent + 112) << 23) | (mantissa << 13));
}

namespace {

#if defined(__x86_64__)
// Rows of a K/V cache are written and read once per step: eight values per
// instruction instead of a branchy function per value.
__attribute__((target("avx,f16c"))) void floatsToHalvesF16c(const float *x, uint16_t *h,
                                                             int64_t n) {
  int64_t i = 0;
  for (; i + 8 <= n; i += 8)
    _mm_storeu_si128(reinterpret_cast<__m128i *>(h + i),
                     _mm256_cvtps_ph(_mm256_loadu_ps(x + i), _MM_FROUND_TO_NEAREST_INT));
  for (; i < n; ++i)
    h[i] = floatToHalf(x[i]);
}

__attribute__((target("avx,f16c"))) void halvesToFloatsF16c(const uint16_t *h, float *y,
                                                             int64_t n) {
  int64_t i = 0;
  for (; i + 8 <= n; i += 8)
    _mm256_storeu_ps(y + i,
                     _mm256_cvtph_ps(_mm_loadu_si128(reinterpret_cast<const __m128i *>(h + i))));
  for (; i < n; ++i)
    y[i] = halfToFloat(h[i]);
}

const bool kHasF16c = cpuHasF16c() && __builtin_cpu_supports("avx");
#endif

} // namespace

void floatsToHalves(const float *x, uint16_t *h, int64_t n) {
#if defined(__x86_64__)
  if (kHasF16c)
    return floatsToHalvesF16c(x, h, n);
#endif
  for (int64_t i = 0; i < n; ++i)
    h[i] = floatToHalf(x[i]);
}

void halvesToFloats(const uint16_t *h, float *y, int64_t n) {
#if defined(__x86_64__)
  if (kHasF16c)
    return halvesToFloatsF16c(h, y, n);
#endif
  for (int64_t i = 0; i < n; ++i)
    y[i] = halfToFloat(h[i]);
}

} // namespace thymos::quant
