//===- thymosc.cpp - The Thymos compiler driver -----------------------------===//
//
//   thymosc model.thy --emit=thy       parse, verify, print the IR
//   thymosc - --emit=none < model.thy  check only
//
//===----------------------------------------------------------------------===//

#include "ir/Parser.h"
#include "ir/Printer.h"
#include "passes/Verifier.h"
#include "thymos/Version.h"

#include "llvm/Support/CommandLine.h"
#include "llvm/Support/FileSystem.h"
#include "llvm/Support/InitLLVM.h"
#include "llvm/Support/MemoryBuffer.h"
#include "llvm/Support/ToolOutputFile.h"
#include "llvm/Support/WithColor.h"

#include <chrono>

using namespace llvm;
using namespace thymos;

namespace {

cl::OptionCategory category("thymosc options");

cl::opt<std::string> inputPath(cl::Positional, cl::Required,
                               cl::desc("<input .thy file, or - for standard input>"),
                               cl::cat(category));
cl::opt<std::string> outputPath("o", cl::desc("Write the output to <file> (default: stdout)"),
                                cl::value_desc("file"), cl::init("-"), cl::cat(category));

enum class Emit { Thy, None };
cl::opt<Emit> emit("emit", cl::desc("What to write:"),
                   cl::values(clEnumValN(Emit::Thy, "thy", "the verified IR as .thy text (default)"),
                              clEnumValN(Emit::None, "none", "nothing; only check the input")),
                   cl::init(Emit::Thy), cl::cat(category));
cl::opt<bool> timePhases("time-phases",
                         cl::desc("Print the time spent parsing and verifying to stderr"),
                         cl::cat(category));

void printVersion(raw_ostream &os) {
  os << "thymosc (Thymos) " << THYMOS_VERSION_STRING << "\n";
}

double millisecondsSince(std::chrono::steady_clock::time_point start) {
  return std::chrono::duration<double, std::milli>(std::chrono::steady_clock::now() - start)
      .count();
}

} // namespace

int main(int argc, char **argv) {
  InitLLVM init(argc, argv);
  cl::HideUnrelatedOptions(category);
  cl::SetVersionPrinter(printVersion);
  cl::ParseCommandLineOptions(
      argc, argv,
      "Thymos compiler: parses a .thy module, verifies every op's domain and codomain, and "
      "writes the result.\n");

  SourceMgr sourceMgr;
  DiagnosticEngine diag(sourceMgr);

  auto start = std::chrono::steady_clock::now();
  // Read here rather than in parseModuleFile: a file that cannot be read has
  // no source location to report against.
  auto buffer = MemoryBuffer::getFileOrSTDIN(inputPath, /*IsText=*/true);
  if (std::error_code ec = buffer.getError()) {
    WithColor::error(errs(), "thymosc") << "cannot read '" << inputPath << "': " << ec.message()
                                        << "\n";
    return 1;
  }
  unsigned bufferId = sourceMgr.AddNewSourceBuffer(std::move(*buffer), SMLoc());
  std::unique_ptr<ir::Module> module = ir::parseModule(bufferId, diag);
  double parseMs = millisecondsSince(start);
  if (!module)
    return 1;

  start = std::chrono::steady_clock::now();
  bool valid = passes::verifyModule(*module, diag);
  double verifyMs = millisecondsSince(start);
  if (timePhases) {
    size_t ops = 0;
    for (const auto &graph : module->graphs())
      ops += graph->ops().size();
    errs() << format("parse:  %10.3f ms\nverify: %10.3f ms\ntotal:  %10.3f ms  (%zu ops)\n",
                     parseMs, verifyMs, parseMs + verifyMs, ops);
  }
  if (!valid)
    return 1;

  if (emit == Emit::None)
    return 0;
  std::error_code ec;
  ToolOutputFile output(outputPath, ec, sys::fs::OF_Text);
  if (ec) {
    WithColor::error(errs(), "thymosc") << "cannot open '" << outputPath << "': " << ec.message()
                                        << "\n";
    return 1;
  }
  ir::printModule(*module, output.os());
  output.keep();
  return 0;
}
