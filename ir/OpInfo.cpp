//===- OpInfo.cpp - The generated op table ---------------------------------===//

#include "ir/OpInfo.h"

#include "ir/TypeRules.h"

#include "llvm/ADT/StringSwitch.h"

#include <cstring>

namespace thymos::ir {

#include "ir/OpInfos.cpp.inc"

const OpInfo &getOpInfo(OpKind kind) { return kOpInfos[static_cast<unsigned>(kind)]; }

llvm::ArrayRef<OpInfo> allOpInfos() { return kOpInfos; }

const AttrSpec *OpInfo::findAttr(llvm::StringRef attrName) const {
  for (const AttrSpec &spec : attrs())
    if (attrName == spec.name)
      return &spec;
  return nullptr;
}

const OperandSpec &OpInfo::operandSpec(unsigned index) const {
  return operandSpecs[index < numOperandSpecs ? index : numOperandSpecs - 1];
}

} // namespace thymos::ir
