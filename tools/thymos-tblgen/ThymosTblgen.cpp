//===- ThymosTblgen.cpp - Entry point of thymos-tblgen --------------------===//
//
// Usage: thymos-tblgen -gen-op-table ir/Ops.td -I ir -o Ops.cpp.inc
//
//===----------------------------------------------------------------------===//

#include "Emitters.h"

#include "llvm/Support/CommandLine.h"
#include "llvm/Support/InitLLVM.h"
#include "llvm/TableGen/Main.h"

using namespace llvm;
using namespace thymos::tblgen;

namespace {

enum class Action {
  DTypeEnum,
  DTypeTable,
  OpEnum,
  OpTable,
  OpAdaptors,
  OpTraitTable,
  OpDocs,
  CDTypeHeader,
  CApiDecls,
  CApiDefs
};

cl::opt<Action> action(
    cl::desc("What to generate:"),
    cl::values(clEnumValN(Action::DTypeEnum, "gen-dtype-enum", "The DType enum"),
               clEnumValN(Action::DTypeTable, "gen-dtype-table", "DType facts and lookup"),
               clEnumValN(Action::OpEnum, "gen-op-enum", "The OpKind and OpTrait enums"),
               clEnumValN(Action::OpTable, "gen-op-table",
                          "Op names, arity, attribute schemas, constraints, lookup"),
               clEnumValN(Action::OpAdaptors, "gen-op-adaptors",
                          "Typed accessors for operands and attributes"),
               clEnumValN(Action::OpTraitTable, "gen-op-trait-table",
                          "Each op's traits as a plain table (for the runtime)"),
               clEnumValN(Action::OpDocs, "gen-op-docs", "Markdown reference of the ops"),
               clEnumValN(Action::CDTypeHeader, "gen-c-dtype-header",
                          "C header: the ThymosDType enum (include/thymos/thymos_dtype.h)"),
               clEnumValN(Action::CApiDecls, "gen-c-api-decls",
                          "C header: one builder per op"),
               clEnumValN(Action::CApiDefs, "gen-c-api-defs",
                          "C++ definitions of the C op builders")),
    cl::Required);

bool dispatch(raw_ostream &os, RecordKeeper &records) {
  switch (action) {
  case Action::DTypeEnum: return emitDTypeEnum(os, records);
  case Action::DTypeTable: return emitDTypeTable(os, records);
  case Action::OpEnum: return emitOpEnum(os, records);
  case Action::OpTable: return emitOpTable(os, records);
  case Action::OpAdaptors: return emitOpAdaptors(os, records);
  case Action::OpTraitTable: return emitOpTraitTable(os, records);
  case Action::OpDocs: return emitOpDocs(os, records);
  case Action::CDTypeHeader: return emitCDTypeHeader(os, records);
  case Action::CApiDecls: return emitCApiDecls(os, records);
  case Action::CApiDefs: return emitCApiDefs(os, records);
  }
  return true;
}

} // namespace

int main(int argc, char **argv) {
  InitLLVM init(argc, argv);
  cl::ParseCommandLineOptions(argc, argv, "Thymos TableGen backend\n");
  return TableGenMain(argv[0], &dispatch);
}
