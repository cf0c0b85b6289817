//===- ConstantData.cpp - `const` values as the bytes a plan stores -----------===//

#include "codegen/ConstantData.h"

#include <cmath>
#include <cstdint>
#include <cstring>

namespace thymos::codegen {

uint16_t toBFloat16Bits(float value) {
  uint32_t bits;
  std::memcpy(&bits, &value, 4);
  if (std::isnan(value))
    return static_cast<uint16_t>((bits >> 16) | 0x40); // keep it a (quiet) NaN
  // Round to nearest even on the 16 bits that are dropped.
  uint32_t rounding = 0x7FFF + ((bits >> 16) & 1);
  return static_cast<uint16_t>((bits + rounding) >> 16);
}

uint16_t toHalfBits(float value) {
  uint32_t bits;
  std::memcpy(&bits, &value, 4);
  uint32_t sign = (bits >> 16) & 0x8000;
  uint32_t exponent = (bits >> 23) & 0xFF;
  uint32_t mantissa = bits & 0x7FFFFF;
  if (exponent == 0xFF) // inf or NaN
    return static_cast<uint16_t>(sign | 0x7C00 | (mantissa ? 0x200 : 0));
  int32_t e = static_cast<int32_t>(exponent) - 127 + 15;
  if (e >= 31) // overflow to infinity
    return static_cast<uint16_t>(sign | 0x7C00);
  if (e <= 0) {
    // Subnormal (or zero): shift the mantissa with its implicit 1 into place.
    if (e < -10)
      return static_cast<uint16_t>(sign);
    mantissa |= 0x800000;
    uint32_t shift = static_cast<uint32_t>(14 - e);
    uint32_t half = mantissa >> shift;
    uint32_t rest = mantissa & ((1u << shift) - 1);
    uint32_t halfway = 1u << (shift - 1);
    if (rest > halfway || (rest == halfway && (half & 1)))
      ++half;
    return static_cast<uint16_t>(sign | half);
  }
  uint32_t half = sign | (static_cast<uint32_t>(e) << 10) | (mantissa >> 13);
  uint32_t rest = mantissa & 0x1FFF;
  // A carry out of the mantissa correctly bumps the exponent (up to inf).
  if (rest > 0x1000 || (rest == 0x1000 && (half & 1)))
    ++half;
  return static_cast<uint16_t>(half);
}

namespace {
template <typename T> void append(std::vector<unsigned char> &bytes, T value) {
  unsigned char raw[sizeof(T)];
  std::memcpy(raw, &value, sizeof(T));
  bytes.insert(bytes.end(), raw, raw + sizeof(T));
}
} // namespace

bool encodeConstant(const ir::Attribute &value, const ir::TensorType &type,
                    std::vector<unsigned char> &bytes, std::string &error) {
  using ir::DType;
  int64_t count = type.numElements().value_or(0);
  // Checked before anything is allocated: the verifier bounds a type's size
  // only by what int64 can count.
  int64_t size = type.storageBytes().value_or(INT64_MAX);
  if (size > kMaxConstantBytes) {
    error = type.str() + " takes " + std::to_string(size) + " bytes, more than the " +
            std::to_string(kMaxConstantBytes) + " a plan constant may take";
    return false;
  }
  bytes.reserve(bytes.size() + static_cast<size_t>(size));
  bool splat = value.form() != ir::Attribute::Form::Array;
  double splatValue = value.asFloat();
  for (int64_t i = 0; i < count; ++i) {
    double v = splat ? splatValue : value.arrayValues()[static_cast<size_t>(i)];
    switch (type.dtype()) {
    case DType::F64: append(bytes, v); break;
    case DType::F32: append(bytes, static_cast<float>(v)); break;
    case DType::F16: append(bytes, toHalfBits(static_cast<float>(v))); break;
    case DType::BF16: append(bytes, toBFloat16Bits(static_cast<float>(v))); break;
    // The verifier has checked integral values within the type's range.
    case DType::I32: append(bytes, static_cast<int32_t>(v)); break;
    case DType::I8: append(bytes, static_cast<int8_t>(v)); break;
    case DType::Q8_0:
    case DType::Q4_0:
    case DType::Q4_K:
    case DType::Q5_K:
    case DType::Q6_K:
      error = "constants of quantized type " + type.str() + " are not supported";
      return false;
    }
  }
  return true;
}

} // namespace thymos::codegen
