//===- CheckedSize.h - Overflow-checked size arithmetic ---------------------===//
//
// Sizes that come from untrusted input (.thy shapes, plan records, .npy and
// GGUF headers) are multiplied and added only through these helpers, so that
// a huge value is an error rather than a wrapped one. This is the project's
// one such helper: plain C++17 with no dependency, so that the runtime and
// the compiler (ir/, codegen/) both include it.
//
// The operands and the result share one integer type: mixing signed and
// unsigned does not compile, so a negative dimension can never be silently
// converted into an enormous unsigned size.
//
//===----------------------------------------------------------------------===//
#pragma once

#include <cstddef>
#include <cstdint>
#include <type_traits>

namespace thymos {

/// out = a * b; false (out unspecified) on overflow.
template <typename T> inline bool checkedMul(T a, T b, T &out) {
  static_assert(std::is_integral_v<T>, "sizes are integers");
  return !__builtin_mul_overflow(a, b, &out);
}

/// out = a + b; false (out unspecified) on overflow.
template <typename T> inline bool checkedAdd(T a, T b, T &out) {
  static_assert(std::is_integral_v<T>, "sizes are integers");
  return !__builtin_add_overflow(a, b, &out);
}

/// out = `value` (>= 0) rounded up to a multiple of `alignment`, a power of
/// two; false on overflow.
template <typename T> inline bool alignUp(T value, T alignment, T &out) {
  static_assert(std::is_integral_v<T>, "sizes are integers");
  if (!checkedAdd<T>(value, alignment - 1, out))
    return false;
  out &= ~(alignment - 1);
  return true;
}

/// `value` (>= 0) rounded up to a multiple of `alignment`, a power of two,
/// where the caller's bounds already keep it far from overflow (sizes that
/// were checked when they were read).
template <typename T> constexpr T alignUp(T value, T alignment) {
  static_assert(std::is_integral_v<T>, "sizes are integers");
  return (value + alignment - 1) & ~(alignment - 1);
}

inline bool isPowerOfTwo(uint64_t v) { return v != 0 && (v & (v - 1)) == 0; }

/// out = dims[0] * ... * dims[rank-1] (1 for rank 0); false on overflow or
/// a negative dimension. Zero dimensions are allowed here (.npy has them);
/// callers that need positive dimensions check that themselves.
inline bool checkedElementCount(const int64_t *dims, size_t rank, int64_t &out) {
  int64_t n = 1;
  for (size_t i = 0; i < rank; ++i)
    if (dims[i] < 0 || !checkedMul(n, dims[i], n))
      return false;
  out = n;
  return true;
}

} // namespace thymos
