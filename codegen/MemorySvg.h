//===- MemorySvg.h - The arena plan as a picture (--emit=memory-svg) -----------===//
//
// Steps run left to right, arena offsets top to bottom; each buffer is a box
// spanning its lifetime and its bytes. A dashed line marks the lower bound.
//
//===----------------------------------------------------------------------===//
#pragma once

#include "codegen/Lowering.h"

#include "llvm/Support/raw_ostream.h"

namespace thymos::codegen {

void printMemorySvg(const std::vector<GraphLowering> &graphs, llvm::raw_ostream &os);

} // namespace thymos::codegen
