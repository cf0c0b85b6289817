//===- CheckedSize.h - Overflow-checked unsigned size arithmetic -------------===//
//
// Every count, length and offset read from a GGUF file is untrusted: sums and
// products of them go through these helpers, so that a huge value is an error
// rather than a wrapped one. (ir/CheckedMath.h is the compiler's signed
// counterpart; the runtime cannot include the IR.)
//
//===----------------------------------------------------------------------===//
#pragma once

#include <cstdint>

namespace thymos::gguf {

/// out = a * b; false (out unspecified) on overflow.
inline bool checkedMul(uint64_t a, uint64_t b, uint64_t &out) {
  return !__builtin_mul_overflow(a, b, &out);
}

/// out = a + b; false (out unspecified) on overflow.
inline bool checkedAdd(uint64_t a, uint64_t b, uint64_t &out) {
  return !__builtin_add_overflow(a, b, &out);
}

/// out = `value` rounded up to a multiple of `alignment` (a power of two);
/// false on overflow.
inline bool alignUp(uint64_t value, uint64_t alignment, uint64_t &out) {
  if (!checkedAdd(value, alignment - 1, out))
    return false;
  out &= ~(alignment - 1);
  return true;
}

inline bool isPowerOfTwo(uint64_t v) { return v != 0 && (v & (v - 1)) == 0; }

} // namespace thymos::gguf
