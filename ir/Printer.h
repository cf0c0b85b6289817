//===- Printer.h - A Module back to .thy text -------------------------------===//
//
// The output is canonical (attributes in schema order, one statement a line)
// and re-parses to an identical module. Values without names are numbered.
//
//===----------------------------------------------------------------------===//
#pragma once

#include "ir/Module.h"

#include "llvm/Support/raw_ostream.h"

namespace thymos::ir {

void printModule(const Module &module, llvm::raw_ostream &os);
void printGraph(const Graph &graph, llvm::raw_ostream &os);

} // namespace thymos::ir
