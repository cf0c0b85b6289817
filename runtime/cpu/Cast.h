//===- Cast.h - Hand-written f16/bf16 conversions ---------------------------===//
//
// The conversions the cast kernel uses, exposed so that tests can pin their
// rounding (nearest, ties to even) against known bit patterns.
//
//===----------------------------------------------------------------------===//
#pragma once

#include <cstdint>

namespace thymos::rt {

/// IEEE binary16 bits of `x`, rounded to nearest even; overflow gives ±inf.
uint16_t roundToHalfBits(double x);
/// bfloat16 bits of `x`, rounded to nearest even; overflow gives ±inf.
uint16_t roundToBFloat16Bits(double x);
/// The exact value of binary16 / bfloat16 bits.
double halfBitsValue(uint16_t bits);
double bfloat16BitsValue(uint16_t bits);

} // namespace thymos::rt
