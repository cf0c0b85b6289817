//===- PassManager.h - Running a textual pipeline of passes ----------------===//
//
// `verify,canonicalize,dce,plan-memory` names passes of a registry, run in
// order over the module. Instrumentation prints the IR before or after
// chosen passes and times each pass.
//
//===----------------------------------------------------------------------===//
#pragma once

#include "passes/PassRegistry.h"

#include "llvm/Support/raw_ostream.h"

#include <memory>
#include <string>
#include <vector>

namespace thymos::passes {

struct PassInstrumentation {
  /// Pass names whose IR is printed before / after they run.
  std::vector<std::string> printBefore;
  std::vector<std::string> printAfter;
  bool printAfterAll = false;
  /// Where the IR dumps go (stderr by default, like LLVM's tools).
  llvm::raw_ostream *printStream = &llvm::errs();
  bool timePasses = false;
  llvm::raw_ostream *timingStream = &llvm::errs();
};

class PassManager {
public:
  explicit PassManager(const PassRegistry &registry) : registry_(registry) {}

  /// Parses a comma-separated pipeline; false with `error` naming the first
  /// unknown or empty pass name.
  bool parsePipeline(llvm::StringRef pipeline, std::string &error);
  void addPass(std::unique_ptr<Pass> pass) { passes_.push_back(std::move(pass)); }
  const std::vector<std::unique_ptr<Pass>> &passes() const { return passes_; }

  /// Runs the passes in order; stops at the first that fails, after an error
  /// naming it. Prints the timing table (when asked) either way.
  bool run(ir::Module &module, PassContext &context, const PassInstrumentation &instr = {});

private:
  const PassRegistry &registry_;
  std::vector<std::unique_ptr<Pass>> passes_;
};

} // namespace thymos::passes
