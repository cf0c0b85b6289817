//===- TensorType.cpp - A statically shaped tensor type --------------------===//

#include "ir/TensorType.h"

#include "runtime/CheckedSize.h"

#include <fmt/format.h>

namespace thymos::ir {

std::optional<int64_t> TensorType::numElements() const {
  int64_t n = 1;
  for (int64_t d : dims_)
    if (!checkedMul(n, d, n))
      return std::nullopt;
  return n;
}

std::optional<int64_t> TensorType::storageBytes() const {
  const DTypeInfo &info = getDTypeInfo(dtype_);
  std::optional<int64_t> elems = numElements();
  if (!elems)
    return std::nullopt;
  if (info.blockElems > 1 && (dims_.empty() || dims_.back() % info.blockElems != 0))
    return std::nullopt;
  int64_t bytes;
  if (!checkedMul<int64_t>(*elems / info.blockElems, info.blockBytes, bytes))
    return std::nullopt;
  return bytes;
}

std::string TensorType::wellFormedError() const {
  if (rank() > kMaxRank)
    return fmt::format("rank {} exceeds the maximum rank {}", rank(), kMaxRank);
  for (unsigned i = 0; i < rank(); ++i) {
    if (dims_[i] < 1)
      return fmt::format("dimension {} is {}, but dimensions must be positive", i, dims_[i]);
    if (dims_[i] > kMaxDim)
      return fmt::format("dimension {} is {}, above the limit {}", i, dims_[i], kMaxDim);
  }
  const DTypeInfo &info = getDTypeInfo(dtype_);
  if (info.blockElems > 1 && (dims_.empty() || dims_.back() % info.blockElems != 0))
    return fmt::format("{} stores blocks of {} values, so the innermost dimension must be a "
                       "multiple of {}",
                       info.name, info.blockElems, info.blockElems);
  if (!storageBytes())
    return "the tensor's size in bytes overflows a 64-bit integer";
  return {};
}

std::string TensorType::str() const {
  return fmt::format("{}[{}]", dtypeName(dtype_), fmt::join(dims_, ","));
}

std::string typeListStr(llvm::ArrayRef<TensorType> types) {
  std::string out = "(";
  for (size_t i = 0; i < types.size(); ++i)
    out += (i ? ", " : "") + types[i].str();
  return out + ")";
}

} // namespace thymos::ir
