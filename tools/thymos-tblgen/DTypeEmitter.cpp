//===- DTypeEmitter.cpp - Element types from OpBase.td --------------------===//

#include "Emitters.h"
#include "Records.h"

#include "llvm/TableGen/TableGenBackend.h"

using namespace llvm;

namespace thymos::tblgen {

bool emitDTypeEnum(raw_ostream &os, RecordKeeper &records) {
  emitSourceFileHeader("Thymos element types", os);
  std::vector<DTypeRecord> dtypes = readDTypes(records);
  os << "enum class DType : uint8_t {\n";
  for (const DTypeRecord &d : dtypes)
    os << "  " << d.enumerator << " = " << d.code << ", // " << d.summary << "\n";
  os << "};\n\n";
  os << "inline constexpr unsigned kNumDTypes = " << dtypes.size() << ";\n\n";
  // The storage facts the runtime needs, as plain data it can use without LLVM.
  os << "/// How an element type is stored: `blockElems` values in `blockBytes` bytes.\n";
  os << "struct DTypeLayout {\n  const char *name;\n  unsigned blockElems;\n"
        "  unsigned blockBytes;\n};\n\n";
  os << "inline constexpr DTypeLayout kDTypeLayouts[kNumDTypes] = {\n";
  for (const DTypeRecord &d : dtypes)
    os << "  {" << cppString(d.name) << ", " << d.blockElems << ", " << d.blockBytes << "},\n";
  os << "};\n";
  return false;
}

bool emitDTypeTable(raw_ostream &os, RecordKeeper &records) {
  emitSourceFileHeader("Thymos element type facts", os);
  std::vector<DTypeRecord> dtypes = readDTypes(records);
  os << "static const DTypeInfo kDTypeInfos[] = {\n";
  for (const DTypeRecord &d : dtypes)
    os << "  {" << cppString(d.name) << ", " << d.blockElems << ", " << d.blockBytes << ", "
       << (d.isFloat ? "true" : "false") << ", " << (d.isQuantized ? "true" : "false") << ", "
       << cppString(d.summary) << "},\n";
  os << "};\n\n";
  os << "std::optional<DType> lookupDType(llvm::StringRef name) {\n";
  os << "  return llvm::StringSwitch<std::optional<DType>>(name)\n";
  for (const DTypeRecord &d : dtypes)
    os << "      .Case(" << cppString(d.name) << ", DType::" << d.enumerator << ")\n";
  os << "      .Default(std::nullopt);\n}\n";
  return false;
}

} // namespace thymos::tblgen
