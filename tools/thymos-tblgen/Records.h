//===- Records.h - Typed views of the records in ir/Ops.td ----------------===//
//
// The emitters read Ops.td through these small structs instead of raw
// llvm::Record lookups, so each check on the .td file is written once.
//
//===----------------------------------------------------------------------===//
#pragma once

#include "llvm/ADT/StringRef.h"
#include "llvm/TableGen/Record.h"

#include <string>
#include <vector>

namespace thymos::tblgen {

struct DTypeRecord {
  const llvm::Record *def;
  std::string enumerator; // F32
  std::string name;       // f32
  int64_t code;
  int64_t blockElems;
  int64_t blockBytes;
  bool isFloat;
  bool isQuantized;
  std::string summary;
};

struct ConstraintRecord {
  std::vector<std::string> dtypeEnumerators; // allowed element types
  std::string description;
};

struct OperandRecord {
  std::string name;
  ConstraintRecord constraint;
  bool variadic = false;
};

struct AttrRecord {
  std::string name;
  std::string kind;        // AttrKind enumerator: Integer, Float, ...
  std::string description; // "integer"
  bool required = true;
  std::string defaultValue; // C++ literal when !required
};

struct OpRecord {
  const llvm::Record *def;
  std::string enumerator; // MatMul
  std::string name;       // matmul
  int64_t code;
  std::string summary;
  std::string description;
  std::vector<OperandRecord> operands;
  std::vector<AttrRecord> attrs;
  std::vector<OperandRecord> results;
  std::vector<std::string> traits;
  std::string typeRule;
  std::string planParams; // the step's params in plan.bin, as prose
};

/// All element types, sorted by code; exits with a diagnostic unless the codes
/// are exactly 0..N-1.
std::vector<DTypeRecord> readDTypes(const llvm::RecordKeeper &records);

/// All ops, sorted by code; exits with a diagnostic on a malformed record.
std::vector<OpRecord> readOps(const llvm::RecordKeeper &records);

/// "transpose_b" -> "transposeB".
std::string camelCase(llvm::StringRef snake);

/// A C++ string literal holding `text`.
std::string cppString(llvm::StringRef text);

} // namespace thymos::tblgen
