//===- Verifier.h - Static checks of domains, codomains and SSA -------------===//
//
// The rules are listed in docs/ir.md ("Verification"). Every violation in the
// module is reported, each at the op, operand, attribute or type it concerns.
//
//===----------------------------------------------------------------------===//
#pragma once

#include "passes/Pass.h"

namespace thymos::passes {

/// True when the module satisfies every rule; otherwise false, with all
/// violations reported through `diag`.
bool verifyModule(const ir::Module &module, DiagnosticEngine &diag);

class VerifierPass final : public Pass {
public:
  llvm::StringRef name() const override { return "verify"; }
  llvm::StringRef description() const override {
    return "Check SSA, operand counts, attributes, domains and codomains";
  }
  bool run(ir::Module &module, PassContext &context) override {
    return verifyModule(module, context.diag);
  }
};

} // namespace thymos::passes
