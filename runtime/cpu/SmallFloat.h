//===- SmallFloat.h - f16/bf16 elements loaded and stored as f32 ------------===//
//
// The kernels that accept f16 and bf16 (matmul, softmax) compute in f32 and
// round once, to nearest even, when they store. Both conversions are exact
// going up (every f16 and bf16 value is an f32), so one rounding is all the
// error a stored result carries beyond the f32 arithmetic.
//
//===----------------------------------------------------------------------===//
#pragma once

#include "runtime/Tensor.h"
#include "runtime/quant/Quant.h"

#include <cstring>

namespace thymos::rt {

inline bool isHalfDType(DType d) { return d == DType::F16 || d == DType::BF16; }

inline float bfloat16ToFloat(uint16_t bits) {
  uint32_t wide = static_cast<uint32_t>(bits) << 16;
  float value;
  std::memcpy(&value, &wide, sizeof value);
  return value;
}

/// bf16 keeps f32's exponent: rounding the low 16 bits to nearest even is
/// the whole conversion, and a carry correctly bumps the exponent (to inf on
/// overflow). NaN stays a quiet NaN.
inline uint16_t floatToBFloat16(float value) {
  uint32_t bits;
  std::memcpy(&bits, &value, sizeof bits);
  if ((bits & 0x7fffffff) > 0x7f800000)
    return static_cast<uint16_t>((bits >> 16) | 0x40);
  bits += 0x7fff + ((bits >> 16) & 1);
  return static_cast<uint16_t>(bits >> 16);
}

/// Element i of an f16 (`bf16` false) or bf16 array, as f32.
inline float loadHalfAsFloat(const uint16_t *base, int64_t i, bool bf16) {
  return bf16 ? bfloat16ToFloat(base[i]) : quant::halfToFloat(base[i]);
}

inline void storeFloatAsHalf(uint16_t *base, int64_t i, bool bf16, float value) {
  base[i] = bf16 ? floatToBFloat16(value) : quant::floatToHalf(value);
}

} // namespace thymos::rt
