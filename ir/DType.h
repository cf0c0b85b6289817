//===- DType.h - Tensor element types --------------------------------------===//
//
// The enum and its facts are generated from the DType records of OpBase.td.
//
//===----------------------------------------------------------------------===//
#pragma once

#include "llvm/ADT/StringRef.h"

#include <cstdint>
#include <optional>

namespace thymos::ir {

#include "ir/DTypes.h.inc"

struct DTypeInfo {
  const char *name;    // "f32"
  unsigned blockElems; // values per storage block (1 unless quantized)
  unsigned blockBytes; // bytes per storage block
  bool isFloat;
  bool isQuantized;
  const char *summary;
};

const DTypeInfo &getDTypeInfo(DType dtype);
inline llvm::StringRef dtypeName(DType dtype) { return getDTypeInfo(dtype).name; }
std::optional<DType> lookupDType(llvm::StringRef name);

/// One bit per element type, for type-constraint sets.
constexpr uint32_t dtypeBit(DType dtype) { return 1u << static_cast<unsigned>(dtype); }

} // namespace thymos::ir
