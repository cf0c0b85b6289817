//===- Pass.h - A transformation or check over a whole module ---------------===//
//
// A pass sees the module and the diagnostic engine, and reports failure by
// returning false after emitting at least one error.
//
//===----------------------------------------------------------------------===//
#pragma once

#include "ir/Diagnostics.h"
#include "ir/Module.h"

#include "llvm/ADT/StringRef.h"

namespace thymos::passes {

class Pass {
public:
  virtual ~Pass() = default;
  /// The name used in pipelines (`--passes=verify,...`).
  virtual llvm::StringRef name() const = 0;
  virtual llvm::StringRef description() const = 0;
  virtual bool run(ir::Module &module, DiagnosticEngine &diag) = 0;
};

} // namespace thymos::passes
