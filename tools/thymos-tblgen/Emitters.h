//===- Emitters.h - The outputs thymos-tblgen can generate ----------------===//
#pragma once

#include "llvm/Support/raw_ostream.h"
#include "llvm/TableGen/Record.h"

namespace thymos::tblgen {

// Each returns false on success, as llvm::TableGenMain expects.
bool emitDTypeEnum(llvm::raw_ostream &os, llvm::RecordKeeper &records);
bool emitDTypeTable(llvm::raw_ostream &os, llvm::RecordKeeper &records);
bool emitOpEnum(llvm::raw_ostream &os, llvm::RecordKeeper &records);
bool emitOpTable(llvm::raw_ostream &os, llvm::RecordKeeper &records);
bool emitOpAdaptors(llvm::raw_ostream &os, llvm::RecordKeeper &records);
bool emitOpTraitTable(llvm::raw_ostream &os, llvm::RecordKeeper &records);
bool emitOpDocs(llvm::raw_ostream &os, llvm::RecordKeeper &records);
bool emitCDTypeHeader(llvm::raw_ostream &os, llvm::RecordKeeper &records);
bool emitCApiDecls(llvm::raw_ostream &os, llvm::RecordKeeper &records);
bool emitCApiDefs(llvm::raw_ostream &os, llvm::RecordKeeper &records);

} // namespace thymos::tblgen
