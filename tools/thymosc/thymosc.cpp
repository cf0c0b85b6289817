//===- thymosc.cpp - The Thymos compiler driver -----------------------------===//
//
//   thymosc model.thy -o plan.bin      compile to an execution plan
//   thymosc model.thy                  parse, verify, print the IR
//   thymosc - --emit=none < model.thy  check only
//
//===----------------------------------------------------------------------===//

#include "codegen/Lowering.h"
#include "codegen/MemorySvg.h"
#include "codegen/PlanText.h"
#include "codegen/PlanWriter.h"
#include "ir/Parser.h"
#include "ir/Printer.h"
#include "passes/Verifier.h"
#include "thymos/Version.h"

#include "llvm/Support/CommandLine.h"
#include "llvm/Support/FileSystem.h"
#include "llvm/Support/InitLLVM.h"
#include "llvm/Support/MemoryBuffer.h"
#include "llvm/Support/Process.h"
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

enum class Emit { Default, Thy, Plan, PlanText, MemorySvg, None };
cl::opt<Emit> emit(
    "emit", cl::desc("What to write (default: plan with -o FILE, thy otherwise):"),
    cl::values(clEnumValN(Emit::Thy, "thy", "the verified IR as .thy text"),
               clEnumValN(Emit::Plan, "plan", "the execution plan (plan.bin) for thymos-run"),
               clEnumValN(Emit::PlanText, "plan-text", "the execution plan, readably"),
               clEnumValN(Emit::MemorySvg, "memory-svg",
                          "the arena plan as an SVG picture (steps across, offsets down)"),
               clEnumValN(Emit::None, "none", "nothing; only check the input")),
    cl::init(Emit::Default), cl::cat(category));
cl::opt<bool> memStats("mem-stats",
                       cl::desc("Print each graph's arena size, lower bound and their ratio"),
                       cl::cat(category));
cl::opt<unsigned> planEffort(
    "plan-effort",
    cl::desc("Memory planner effort: 0 = greedy by size (default), N > 0 = search harder"),
    cl::init(0), cl::cat(category));
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

  Emit what = emit;
  if (what == Emit::Default)
    what = outputPath == "-" ? Emit::Thy : Emit::Plan;
  if (what == Emit::None && !memStats)
    return 0;

  codegen::PlanModel model;
  std::vector<codegen::GraphLowering> lowered;
  if (what != Emit::Thy || memStats) {
    passes::PlannerOptions planner;
    planner.alignment = static_cast<int64_t>(plan::kAlignment);
    planner.effort = planEffort;
    if (!codegen::lowerModule(*module, planner, diag, model, lowered))
      return 1;
  }
  if (memStats) {
    for (const codegen::GraphLowering &g : lowered) {
      const passes::GraphMemoryPlan &m = g.memory;
      errs() << format("@%s: arena %lld bytes, lower bound %lld bytes, ratio %.4f, %zu buffers, "
                       "%u in-place, %s\n",
                       g.graph->name().c_str(), static_cast<long long>(m.arenaBytes),
                       static_cast<long long>(m.lowerBoundBytes),
                       m.lowerBoundBytes ? double(m.arenaBytes) / m.lowerBoundBytes : 1.0,
                       m.buffers.size(), m.inPlaceReuses, m.method.c_str());
    }
  }
  if (what == Emit::None)
    return 0;

  std::error_code ec;
  ToolOutputFile output(outputPath, ec,
                        what == Emit::Plan ? sys::fs::OF_None : sys::fs::OF_Text);
  if (ec) {
    WithColor::error(errs(), "thymosc") << "cannot open '" << outputPath << "': " << ec.message()
                                        << "\n";
    return 1;
  }
  switch (what) {
  case Emit::Thy: ir::printModule(*module, output.os()); break;
  case Emit::PlanText: codegen::printPlanText(model, output.os()); break;
  case Emit::MemorySvg: codegen::printMemorySvg(lowered, output.os()); break;
  case Emit::Plan: {
    if (outputPath == "-" && sys::Process::StandardOutIsDisplayed()) {
      WithColor::error(errs(), "thymosc")
          << "refusing to write a binary plan to a terminal; use -o FILE\n";
      return 1;
    }
    std::vector<unsigned char> bytes = codegen::writePlan(
        model, plan::packVersion(THYMOS_VERSION_MAJOR, THYMOS_VERSION_MINOR, THYMOS_VERSION_PATCH));
    output.os().write(reinterpret_cast<const char *>(bytes.data()), bytes.size());
    break;
  }
  case Emit::Default:
  case Emit::None: break;
  }
  output.keep();
  return 0;
}
