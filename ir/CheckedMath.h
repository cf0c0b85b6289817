//===- CheckedMath.h - Overflow-checked size arithmetic --------------------===//
//
// Sizes that come from untrusted text or files are multiplied only through
// these helpers, so that a huge shape is an error rather than a wrapped value.
//
//===----------------------------------------------------------------------===//
#pragma once

#include <cstdint>
#include <optional>

namespace thymos {

inline std::optional<int64_t> checkedMul(int64_t a, int64_t b) {
  int64_t r;
  if (__builtin_mul_overflow(a, b, &r))
    return std::nullopt;
  return r;
}

inline std::optional<int64_t> checkedAdd(int64_t a, int64_t b) {
  int64_t r;
  if (__builtin_add_overflow(a, b, &r))
    return std::nullopt;
  return r;
}

} // namespace thymos
