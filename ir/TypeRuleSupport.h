//===- TypeRuleSupport.h - Helpers shared by the type rule files ------------===//
#pragma once

#include "ir/Operation.h"
#include "ir/TypeRules.h"

#include <fmt/format.h>

namespace thymos::ir::rules {

template <typename... Args>
llvm::Error fail(fmt::format_string<Args...> format, Args &&...args) {
  return llvm::make_error<llvm::StringError>(fmt::format(format, std::forward<Args>(args)...),
                                             llvm::inconvertibleErrorCode());
}

/// Maps a possibly negative axis into [0, rank), or nullopt when out of range.
inline std::optional<unsigned> normalizeAxis(int64_t axis, unsigned rank) {
  int64_t r = static_cast<int64_t>(rank);
  if (axis < -r || axis >= r)
    return std::nullopt;
  return static_cast<unsigned>(axis < 0 ? axis + r : axis);
}

inline bool isQuantized(DType dtype) { return getDTypeInfo(dtype).isQuantized; }

} // namespace thymos::ir::rules
