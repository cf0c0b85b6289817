//===- thymosc.cpp - The Thymos compiler driver -----------------------------===//
//
//   thymosc model.thy -o plan.bin      compile to an execution plan
//   thymosc model.thy                  parse, verify, print the IR
//   thymosc - --emit=none < model.thy  check only
//   thymosc m.thy --passes=canonicalize,dce --print-after-all
//
// Parse, verify, run a pass pipeline, verify again, then emit. The verifier
// brackets every pipeline, so passes (and plugins) always see valid IR and a
// pass that breaks it is caught before code generation.
//
//===----------------------------------------------------------------------===//

#include "codegen/Lowering.h"
#include "codegen/MemorySvg.h"
#include "codegen/PlanText.h"
#include "codegen/PlanWriter.h"
#include "ir/Parser.h"
#include "ir/Printer.h"
#include "passes/PassManager.h"
#include "passes/PassPlugin.h"
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
cl::OptionCategory passCategory("Pass pipeline options");

cl::opt<std::string> inputPath(cl::Positional,
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

enum class Target { Cpu };
cl::opt<Target> target("target", cl::desc("The backend, which picks the default pipeline:"),
                       cl::values(clEnumValN(Target::Cpu, "cpu", "interpreted CPU kernels")),
                       cl::init(Target::Cpu), cl::cat(passCategory));
cl::opt<std::string> pipeline(
    "passes",
    cl::desc("Comma-separated pass pipeline (default: the target's pipeline when emitting "
             "a plan, none for --emit=thy)"),
    cl::value_desc("pass,pass,..."), cl::cat(passCategory));
cl::list<std::string> printBefore("print-before", cl::desc("Print the IR before pass <name>"),
                                  cl::value_desc("name"), cl::cat(passCategory));
cl::list<std::string> printAfter("print-after", cl::desc("Print the IR after pass <name>"),
                                 cl::value_desc("name"), cl::cat(passCategory));
cl::opt<bool> printAfterAll("print-after-all", cl::desc("Print the IR after every pass"),
                            cl::cat(passCategory));
cl::opt<bool> timePasses("time-passes", cl::desc("Print a table of the time each pass took"),
                         cl::cat(passCategory));
cl::list<std::string> plugins("load-pass-plugin",
                              cl::desc("Load the passes of a plugin (shared library)"),
                              cl::value_desc("path"), cl::cat(passCategory));
cl::opt<bool> listPasses("list-passes", cl::desc("Print the registered passes and exit"),
                         cl::cat(passCategory));

void printVersion(raw_ostream &os) {
  os << "thymosc (Thymos) " << THYMOS_VERSION_STRING << "\n";
}

double millisecondsSince(std::chrono::steady_clock::time_point start) {
  return std::chrono::duration<double, std::milli>(std::chrono::steady_clock::now() - start)
      .count();
}

int fail(const Twine &message) {
  WithColor::error(errs(), "thymosc") << message << "\n";
  return 1;
}

void printMemStats(const std::vector<codegen::GraphLowering> &lowered) {
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

} // namespace

int main(int argc, char **argv) {
  InitLLVM init(argc, argv);
  cl::HideUnrelatedOptions({&category, &passCategory});
  cl::SetVersionPrinter(printVersion);
  cl::ParseCommandLineOptions(
      argc, argv,
      "Thymos compiler: parses a .thy module, verifies every op's domain and codomain, runs a "
      "pass pipeline, and writes the IR or an execution plan.\n");

  passes::PassRegistry registry;
  passes::registerBuiltinPasses(registry);
  for (const std::string &path : plugins) {
    std::string error;
    if (!passes::loadPassPlugin(path, registry, error))
      return fail(error);
  }
  if (listPasses) {
    for (const passes::PassRegistry::Entry *e : registry.entries())
      outs() << format("  %-20s %s\n", e->name.c_str(), e->description.c_str());
    return 0;
  }
  if (inputPath.empty())
    return fail("no input file (see --help)");

  Emit what = emit;
  if (what == Emit::Default)
    what = outputPath == "-" ? Emit::Thy : Emit::Plan;
  bool lowering = what == Emit::Plan || what == Emit::PlanText || what == Emit::MemorySvg ||
                  memStats;
  passes::PassManager pm(registry);
  // An explicit --passes (even empty) replaces the default pipeline.
  std::string pipelineText = pipeline;
  if (!pipeline.getNumOccurrences() && lowering)
    pipelineText = passes::kCpuPipeline;
  if (!pipelineText.empty()) {
    std::string error;
    if (!pm.parsePipeline(pipelineText, error))
      return fail(error);
  }

  SourceMgr sourceMgr;
  DiagnosticEngine diag(sourceMgr);
  auto start = std::chrono::steady_clock::now();
  // Read here rather than in parseModuleFile: a file that cannot be read has
  // no source location to report against.
  auto buffer = MemoryBuffer::getFileOrSTDIN(inputPath, /*IsText=*/true);
  if (std::error_code ec = buffer.getError())
    return fail("cannot read '" + inputPath + "': " + ec.message());
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

  passes::PassContext context(diag);
  if (inputPath != "-") {
    size_t slash = inputPath.rfind('/');
    context.sourceDirectory = slash == std::string::npos ? "" : inputPath.substr(0, slash + 1);
  }
  context.planner.alignment = static_cast<int64_t>(plan::kAlignment);
  context.planner.effort = planEffort;
  passes::PassInstrumentation instrumentation;
  instrumentation.printBefore.assign(printBefore.begin(), printBefore.end());
  instrumentation.printAfter.assign(printAfter.begin(), printAfter.end());
  instrumentation.printAfterAll = printAfterAll;
  instrumentation.timePasses = timePasses;
  if (!pm.run(*module, context, instrumentation))
    return 1;
  if (!pm.passes().empty() && !passes::verifyModule(*module, diag)) {
    diag.note(SMLoc(), "the IR is invalid after the pass pipeline '" + pipelineText + "'");
    return 1;
  }

  codegen::PlanModel model;
  std::vector<codegen::GraphLowering> lowered;
  if (lowering && !codegen::lowerModule(*module, context, model, lowered))
    return 1;
  if (memStats)
    printMemStats(lowered);
  if (what == Emit::None)
    return 0;

  std::error_code ec;
  ToolOutputFile output(outputPath, ec,
                        what == Emit::Plan ? sys::fs::OF_None : sys::fs::OF_Text);
  if (ec)
    return fail("cannot open '" + outputPath + "': " + ec.message());
  switch (what) {
  case Emit::Thy: ir::printModule(*module, output.os()); break;
  case Emit::PlanText: codegen::printPlanText(model, output.os()); break;
  case Emit::MemorySvg: codegen::printMemorySvg(lowered, output.os()); break;
  case Emit::Plan: {
    if (outputPath == "-" && sys::Process::StandardOutIsDisplayed())
      return fail("refusing to write a binary plan to a terminal; use -o FILE");
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
