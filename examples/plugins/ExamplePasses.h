//===- ExamplePasses.h - The passes of the example plugin -------------------===//
//
// Two passes that show what a plugin can do: one that only reads the IR
// (report-cost) and one that rewrites it (strip-mul-by-one).
//
//===----------------------------------------------------------------------===//
#pragma once

#include "passes/Pass.h"

namespace thymos::examples {

/// Prints, for every graph, a table of each op's estimated floating-point
/// operations and bytes moved, and the graph's totals. Writes to stderr so
/// that whatever thymosc writes to stdout (.thy text or a binary plan) stays
/// intact. Never changes the module.
class ReportCostPass final : public passes::Pass {
public:
  llvm::StringRef name() const override { return "report-cost"; }
  llvm::StringRef description() const override {
    return "Print each op's estimated FLOPs and bytes moved (to stderr)";
  }
  bool run(ir::Module &module, passes::PassContext &context) override;
};

/// Rewrites `mul %x, %one` (either operand order), where `%one` is a `const`
/// whose every element is 1 and `%x` already has the result's type, to `%x`;
/// the constant goes too once nothing uses it.
class StripMulByOnePass final : public passes::Pass {
public:
  llvm::StringRef name() const override { return "strip-mul-by-one"; }
  llvm::StringRef description() const override {
    return "Replace multiplications by a constant one with the other operand";
  }
  bool run(ir::Module &module, passes::PassContext &context) override;
};

} // namespace thymos::examples
