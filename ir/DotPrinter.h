//===- DotPrinter.h - A module as a Graphviz graph (--emit=dot) --------------===//
//
// One cluster per graph: arguments and state reads as ellipses, ops as boxes
// labelled with the op and its codomain, an edge per use labelled with the
// value's type, and the returned values and state updates as sinks.
// `thymosc m.thy --emit=dot | dot -Tsvg > m.svg` draws it.
//
//===----------------------------------------------------------------------===//
#pragma once

#include "ir/Module.h"

#include "llvm/Support/raw_ostream.h"

namespace thymos::ir {

void printModuleDot(const Module &module, llvm::raw_ostream &os);

} // namespace thymos::ir
