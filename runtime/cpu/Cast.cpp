//===- Cast.cpp - Element type conversion between the plain dtypes ----------===//
//
// cast converts between f64 f32 f16 bf16 i32 i8. Every value goes through a
// double, which holds each source value exactly, and is then rounded once
// into the target type:
//  - to f16/bf16: round to nearest, ties to even, written by hand below (a
//    double-to-float-to-half path would round twice and can be off by one
//    ulp); too large becomes ±inf, NaN stays a (quiet) NaN.
//  - to f32: the hardware conversion (round to nearest even).
//  - to i32/i8: truncate toward zero, then saturate: values beyond the range
//    (±inf included) clamp to the type's min or max, and NaN becomes 0. The
//    same saturation applies between integer types (i32 -> i8).
//  - to a block-quantized type (q8_0, q4_0, the K-quants): each block is
//    rounded to f32 and quantized with runtime/quant's rules; from one:
//    dequantized to f32, then stored as above. The innermost dim must be
//    whole blocks.
//
//===----------------------------------------------------------------------===//

#include "runtime/cpu/Cast.h"
#include "runtime/cpu/BlockCodec.h"
#include "runtime/cpu/KernelSupport.h"
#include "runtime/quant/KQuant.h"

#include <algorithm>
#include <cmath>

namespace thymos::rt {

namespace {

//===----------------------------------------------------------------------===//
// Small floats by hand
//===----------------------------------------------------------------------===//

/// Rounds `x` to a binary float with `ExpBits` exponent and `MantBits`
/// mantissa bits (IEEE layout: sign, biased exponent, mantissa) and returns
/// its bit pattern. f16 is <5, 10>, bf16 is <8, 7>.
template <int ExpBits, int MantBits> uint32_t roundToSmallFloat(double x) {
  constexpr int kBias = (1 << (ExpBits - 1)) - 1;
  constexpr uint32_t kExpMask = (1u << ExpBits) - 1;
  constexpr uint32_t kInf = kExpMask << MantBits;
  uint64_t bits;
  std::memcpy(&bits, &x, sizeof bits);
  uint32_t sign = static_cast<uint32_t>(bits >> 63) << (ExpBits + MantBits);
  int exp = static_cast<int>((bits >> 52) & 0x7ff);
  uint64_t mant = bits & ((uint64_t(1) << 52) - 1);
  if (exp == 0x7ff) // inf stays inf; NaN becomes the quiet NaN
    return sign | kInf | (mant ? 1u << (MantBits - 1) : 0);
  if (exp == 0) // double subnormals are far below the smallest target subnormal
    return sign;
  int e = exp - 1023; // x = 1.mant * 2^e
  if (e > kBias)
    return sign | kInf;
  // Keep MantBits+1 significant bits of the 53-bit significand. Below the
  // target's normal range (e < 1 - bias) fewer bits survive: the shift grows
  // by how far e is below it, which yields the subnormal encoding directly.
  uint64_t sig = (uint64_t(1) << 52) | mant;
  int shift = 52 - MantBits + (e < 1 - kBias ? (1 - kBias) - e : 0);
  if (shift >= 54) // below half the smallest subnormal: rounds to zero
    return sign;
  uint64_t kept = sig >> shift;
  uint64_t rest = sig & ((uint64_t(1) << shift) - 1), half = uint64_t(1) << (shift - 1);
  if (rest > half || (rest == half && (kept & 1)))
    ++kept; // may carry into the exponent field, which is the right result
  if (e < 1 - kBias)
    return sign | static_cast<uint32_t>(kept);
  // kept includes the implicit 1 (bit MantBits); adding the biased exponent
  // below it lets a rounding carry bump the exponent, up to inf.
  return sign | ((static_cast<uint32_t>(e + kBias) << MantBits) +
                 static_cast<uint32_t>(kept - (uint64_t(1) << MantBits)));
}

/// The value of a small float's bit pattern, exactly.
template <int ExpBits, int MantBits> double smallFloatValue(uint32_t bits) {
  constexpr int kBias = (1 << (ExpBits - 1)) - 1;
  constexpr uint32_t kExpMask = (1u << ExpBits) - 1;
  bool negative = (bits >> (ExpBits + MantBits)) & 1;
  uint32_t exp = (bits >> MantBits) & kExpMask;
  uint32_t mant = bits & ((1u << MantBits) - 1);
  double v;
  if (exp == kExpMask)
    v = mant ? std::nan("") : HUGE_VAL;
  else if (exp == 0) // subnormal: mant * 2^(1 - bias - MantBits)
    v = std::ldexp(static_cast<double>(mant), 1 - kBias - MantBits);
  else // normal: (2^MantBits + mant) * 2^(exp - bias - MantBits)
    v = std::ldexp(static_cast<double>((1u << MantBits) | mant),
                   static_cast<int>(exp) - kBias - MantBits);
  return negative ? -v : v;
}

/// Truncates toward zero and saturates into [lo, hi]; NaN gives 0.
double toIntegerRange(double v, double lo, double hi) {
  if (std::isnan(v))
    return 0;
  v = std::trunc(v);
  return v < lo ? lo : v > hi ? hi : v;
}

//===----------------------------------------------------------------------===//
// Load and store through double
//===----------------------------------------------------------------------===//

double loadAsDouble(const void *base, int64_t i, DType dtype) {
  switch (dtype) {
  case DType::F64: return static_cast<const double *>(base)[i];
  case DType::F32: return static_cast<const float *>(base)[i];
  case DType::F16: return smallFloatValue<5, 10>(static_cast<const uint16_t *>(base)[i]);
  case DType::BF16: return smallFloatValue<8, 7>(static_cast<const uint16_t *>(base)[i]);
  case DType::I32: return static_cast<const int32_t *>(base)[i];
  case DType::I8: return static_cast<const int8_t *>(base)[i];
  default: return 0; // check() admits nothing else
  }
}

void storeFromDouble(void *base, int64_t i, DType dtype, double v) {
  switch (dtype) {
  case DType::F64: static_cast<double *>(base)[i] = v; return;
  case DType::F32: static_cast<float *>(base)[i] = static_cast<float>(v); return;
  case DType::F16:
    static_cast<uint16_t *>(base)[i] = static_cast<uint16_t>(roundToSmallFloat<5, 10>(v));
    return;
  case DType::BF16:
    static_cast<uint16_t *>(base)[i] = static_cast<uint16_t>(roundToSmallFloat<8, 7>(v));
    return;
  case DType::I32:
    static_cast<int32_t *>(base)[i] =
        static_cast<int32_t>(toIntegerRange(v, -2147483648.0, 2147483647.0));
    return;
  case DType::I8:
    static_cast<int8_t *>(base)[i] = static_cast<int8_t>(toIntegerRange(v, -128.0, 127.0));
    return;
  default: return; // check() admits nothing else
  }
}

//===----------------------------------------------------------------------===//
// Block-quantized types, one block of 32 values at a time
//===----------------------------------------------------------------------===//

/// Casts `n` elements (a whole number of blocks) where either side is
/// block-quantized. f32 <-> blocks converts whole arrays in place; other
/// pairs go through one block of f32 on the stack.
void castBlocks(const TensorView &x, const TensorView &y, int64_t n) {
  const BlockCodec *from = blockCodec(x.dtype), *to = blockCodec(y.dtype);
  if (x.dtype == DType::F32 && to)
    return to->quantize(x.as<float>(), y.data, n);
  if (from && y.dtype == DType::F32)
    return from->dequantize(x.data, y.as<float>(), n);
  // The larger block is a whole number of the smaller (32 divides 256).
  const int64_t block = std::max(from ? from->blockElems : 1, to ? to->blockElems : 1);
  float values[quant::kSuperBlockElems];
  for (int64_t first = 0; first < n; first += block) {
    if (from) {
      from->dequantize(x.as<uint8_t>() + first / from->blockElems * from->blockBytes, values,
                       block);
    } else {
      for (int64_t j = 0; j < block; ++j)
        values[j] = static_cast<float>(loadAsDouble(x.data, first + j, x.dtype));
    }
    if (to) {
      to->quantize(values, y.as<uint8_t>() + first / to->blockElems * to->blockBytes, block);
    } else {
      for (int64_t j = 0; j < block; ++j)
        storeFromDouble(y.data, first + j, y.dtype, values[j]);
    }
  }
}

//===----------------------------------------------------------------------===//
// The kernel
//===----------------------------------------------------------------------===//

Status castCheck(const KernelCall &call) {
  const char *op = "cast";
  if (Status s = checkArity(call, op, 1, 0); !s)
    return s;
  if (Status s = checkAllViews(call, op); !s)
    return s;
  const TensorView &x = call.inputs[0], &y = *call.output;
  const BlockCodec *from = blockCodec(x.dtype), *to = blockCodec(y.dtype);
  if (!from)
    if (Status s = checkDType(op, "operand", x.dtype, kPlainDTypes); !s)
      return s;
  if (!to)
    if (Status s = checkDType(op, "result", y.dtype, kPlainDTypes); !s)
      return s;
  if (!sameShape(x, y))
    return kernelError(op, "result shape " + shapeStr(y) + " differs from the operand's " +
                               shapeStr(x));
  const int64_t block = std::max(from ? from->blockElems : 1, to ? to->blockElems : 1);
  if (block > 1 && (x.rank == 0 || x.dims[x.rank - 1] % block != 0))
    return kernelError(op, "casting to or from a block-quantized type needs an innermost "
                           "dimension that is a multiple of " + std::to_string(block) +
                           ", got " + shapeStr(x));
  return Status::success();
}

Status castRun(const KernelCall &call, ThreadPool *) {
  const TensorView &x = call.inputs[0], &y = *call.output;
  int64_t n = x.numElements();
  if (x.dtype == y.dtype) {
    uint64_t bytes = 0;
    storageBytes(x.dtype, x.dims, x.rank, bytes); // check() saw whole blocks
    std::memmove(y.data, x.data, static_cast<size_t>(bytes));
    return Status::success();
  }
  if (isBlockQuantized(x.dtype) || isBlockQuantized(y.dtype)) {
    castBlocks(x, y, n);
    return Status::success();
  }
  for (int64_t i = 0; i < n; ++i)
    storeFromDouble(y.data, i, y.dtype, loadAsDouble(x.data, i, x.dtype));
  return Status::success();
}

} // namespace

uint16_t roundToHalfBits(double x) { return static_cast<uint16_t>(roundToSmallFloat<5, 10>(x)); }
uint16_t roundToBFloat16Bits(double x) {
  return static_cast<uint16_t>(roundToSmallFloat<8, 7>(x));
}
double halfBitsValue(uint16_t bits) { return smallFloatValue<5, 10>(bits); }
double bfloat16BitsValue(uint16_t bits) { return smallFloatValue<8, 7>(bits); }

void registerCastKernels(KernelEntries &t) {
  t[opIndex(OpKind::Cast)] = {castCheck, castRun};
}

} // namespace thymos::rt
