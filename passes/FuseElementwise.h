//===- FuseElementwise.h - The `fuse-elementwise` pass ----------------------===//
//
// Replaces each group of two or more elementwise ops, whose intermediate
// values nothing outside the group reads, by one `fused` op (ir/Ops.td), so
// the CPU runs the group in one pass over memory.
//
//===----------------------------------------------------------------------===//
#pragma once

#include "passes/Pass.h"

namespace thymos::passes {

class FuseElementwisePass final : public Pass {
public:
  llvm::StringRef name() const override { return "fuse-elementwise"; }
  llvm::StringRef description() const override {
    return "Merge groups of f32/f64 elementwise ops into single 'fused' ops";
  }
  bool run(ir::Module &module, PassContext &context) override;
};

} // namespace thymos::passes
