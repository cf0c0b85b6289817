//===- PassManager.cpp - Running a textual pipeline of passes --------------===//

#include "passes/PassManager.h"

#include "ir/Printer.h"

#include "llvm/Support/Format.h"

#include <algorithm>
#include <chrono>

namespace thymos::passes {

bool PassManager::parsePipeline(llvm::StringRef pipeline, std::string &error) {
  llvm::SmallVector<llvm::StringRef, 8> names;
  pipeline.split(names, ',');
  for (llvm::StringRef name : names) {
    name = name.trim();
    if (name.empty()) {
      error = "empty pass name in pipeline '" + pipeline.str() + "'";
      return false;
    }
    std::unique_ptr<Pass> pass = registry_.create(name);
    if (!pass) {
      error = "unknown pass '" + name.str() + "' in pipeline (see --list-passes)";
      return false;
    }
    passes_.push_back(std::move(pass));
  }
  return true;
}

namespace {
bool listed(const std::vector<std::string> &names, llvm::StringRef name) {
  return std::find(names.begin(), names.end(), name) != names.end();
}
} // namespace

bool PassManager::run(ir::Module &module, PassContext &context, const PassInstrumentation &instr) {
  struct Timing {
    llvm::StringRef name;
    double ms;
  };
  std::vector<Timing> timings;
  bool ok = true;
  for (const auto &pass : passes_) {
    if (listed(instr.printBefore, pass->name())) {
      *instr.printStream << "// -----// IR Dump Before " << pass->name() << " //----- //\n";
      ir::printModule(module, *instr.printStream);
    }
    unsigned errorsBefore = context.diag.errorCount();
    auto start = std::chrono::steady_clock::now();
    bool passed = pass->run(module, context);
    timings.push_back({pass->name(), std::chrono::duration<double, std::milli>(
                                         std::chrono::steady_clock::now() - start)
                                         .count()});
    if (!passed) {
      // A pass that fails without saying why still gets a diagnostic.
      if (context.diag.errorCount() == errorsBefore)
        context.diag.error(llvm::SMLoc(), "pass '" + pass->name() + "' failed");
      context.diag.note(llvm::SMLoc(), "the pipeline stopped at pass '" + pass->name() + "'");
      ok = false;
      break;
    }
    if (instr.printAfterAll || listed(instr.printAfter, pass->name())) {
      *instr.printStream << "// -----// IR Dump After " << pass->name() << " //----- //\n";
      ir::printModule(module, *instr.printStream);
    }
  }
  if (instr.timePasses) {
    double total = 0;
    for (const Timing &t : timings)
      total += t.ms;
    llvm::raw_ostream &os = *instr.timingStream;
    os << "===-------------------------------------------------------------------------===\n"
       << "                          Pass execution timing report\n"
       << "===-------------------------------------------------------------------------===\n"
       << llvm::format("  Total: %.3f ms\n\n", total) << "      ms      %   pass\n";
    for (const Timing &t : timings)
      os << llvm::format("%8.3f %6.1f   ", t.ms, total > 0 ? 100.0 * t.ms / total : 0.0) << t.name
         << "\n";
  }
  return ok;
}

} // namespace thymos::passes
