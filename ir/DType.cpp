//===- DType.cpp - Tensor element types ------------------------------------===//

#include "ir/DType.h"

#include "llvm/ADT/StringSwitch.h"

namespace thymos::ir {

#include "ir/DTypes.cpp.inc"

const DTypeInfo &getDTypeInfo(DType dtype) {
  return kDTypeInfos[static_cast<unsigned>(dtype)];
}

} // namespace thymos::ir
