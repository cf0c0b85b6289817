//===- thymosc.cpp - The Thymos compiler driver -----------------------------===//
//
//   thymosc model.thy -o plan.bin      compile to an execution plan
//   thymosc model.thy                  parse, verify, print the IR
//   thymosc - --emit=none < model.thy  check only
//   thymosc m.thy --passes=canonicalize,dce --print-after-all
//
// Parse, then compile through the one driver (codegen/Compiler.h: verify, the
// target's pipeline, verify again, lower), then emit.
//
//===----------------------------------------------------------------------===//

#include "codegen/Compiler.h"
#include "codegen/cuda/CudaEmitter.h"
#include "codegen/cuda/CudaPlan.h"
#include "runtime/cuda/Nvrtc.h"
#include "codegen/MemorySvg.h"
#include "codegen/PlanText.h"
#include "ir/DotPrinter.h"
#include "ir/Parser.h"
#include "ir/Printer.h"
#include "passes/PassPlugin.h"
#include "passes/Verifier.h"
#include "runtime/MemoryReport.h"
#include "runtime/io/File.h"
#include "thymos/Version.h"
#include "tools/StandardOutput.h"

#include "llvm/Support/CommandLine.h"
#include "llvm/Support/FileSystem.h"
#include "llvm/Support/InitLLVM.h"
#include "llvm/Support/MemoryBuffer.h"
#include "llvm/Support/Process.h"
#include "llvm/Support/WithColor.h"

#include <chrono>

#include <fcntl.h>
#include <unistd.h>

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

enum class Emit { Default, Thy, Dot, Plan, PlanText, MemorySvg, Cuda, Ptx, None };
cl::opt<Emit> emit(
    "emit", cl::desc("What to write (default: plan with -o FILE, thy otherwise):"),
    cl::values(clEnumValN(Emit::Thy, "thy", "the verified IR as .thy text"),
               clEnumValN(Emit::Dot, "dot",
                          "the graphs for Graphviz (thymosc m.thy --emit=dot | dot -Tsvg)"),
               clEnumValN(Emit::Plan, "plan", "the execution plan (plan.bin) for thymos-run"),
               clEnumValN(Emit::PlanText, "plan-text", "the execution plan, readably"),
               clEnumValN(Emit::MemorySvg, "memory-svg",
                          "the arena plan as an SVG picture (steps across, offsets down)"),
               clEnumValN(Emit::Cuda, "cuda",
                          "the CUDA C of every step (with --target=cuda), as NVRTC compiles it"),
               clEnumValN(Emit::Ptx, "ptx",
                          "that CUDA C compiled by NVRTC for each --cuda-arch: its PTX (the "
                          "cubins are built too, to check them)"),
               clEnumValN(Emit::None, "none", "nothing; only check the input")),
    cl::init(Emit::Default), cl::cat(category));
cl::opt<std::string> cudaArchs(
    "cuda-arch",
    cl::desc("GPU architectures for --emit=ptx (default sm_87,sm_90: Jetson Orin and H100)"),
    cl::value_desc("sm_XX,..."), cl::init("sm_87,sm_90"), cl::cat(category));
cl::opt<bool> memStats("mem-stats",
                       cl::desc("Print each graph's arena size, lower bound and their ratio"),
                       cl::cat(category));
cl::opt<bool> memReport("mem-report",
                        cl::desc("Print what running the plan keeps resident, item by item "
                                 "(weights, state, arena; docs/memory.md)"),
                        cl::cat(category));
cl::opt<std::string> memBudget(
    "mem-budget",
    cl::desc("Refuse (exit 1, the itemized table) a plan whose run does not fit in this much "
             "memory (3.5GiB, 512MiB, ...)"),
    cl::value_desc("size"), cl::cat(category));
cl::opt<unsigned> planEffort(
    "plan-effort",
    cl::desc("Memory planner effort: 0 = greedy by size; N > 0 = heuristics, then an exact "
             "search with a work budget that grows with N (default 100: about 100 ms at "
             "most; the same plan on every machine). --mem-stats names the method"),
    cl::init(codegen::kDefaultPlanEffort), cl::cat(category));
cl::opt<bool> timePhases("time-phases",
                         cl::desc("Print the time spent parsing and verifying to stderr"),
                         cl::cat(category));
cl::opt<unsigned> errorLimit(
    "error-limit", cl::desc("Stop printing errors after <n> of them (default 20; 0: no limit)"),
    cl::value_desc("n"), cl::init(20), cl::cat(category));

cl::opt<std::string> targetName(
    "target",
    cl::desc("The backend to compile for, which picks the default pipeline and checks that "
             "every step has a kernel (default: cpu; --list-targets shows them)"),
    cl::value_desc("name"), cl::init("cpu"), cl::cat(passCategory));
cl::opt<bool> listTargets("list-targets", cl::desc("Print the targets and exit"),
                          cl::cat(passCategory));
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

/// Whether `path` ("-": stdout) is a terminal, such as `-o /dev/stdout` or
/// `-o /dev/tty` at a prompt.
bool isTerminal(const std::string &path) {
  if (path == "-")
    return sys::Process::StandardOutIsDisplayed();
  sys::fs::file_status status;
  if (sys::fs::status(path, status) || status.type() != sys::fs::file_type::character_file)
    return false;
  int fd = ::open(path.c_str(), O_WRONLY | O_NOCTTY | O_CLOEXEC);
  bool terminal = fd >= 0 && ::isatty(fd);
  if (fd >= 0)
    ::close(fd);
  return terminal;
}

/// Writes `bytes` to `path` ("-": stdout); 0, or 1 after an error.
int writeOutput(const std::string &path, StringRef bytes) {
  if (path == "-") {
    outs() << bytes;
    return tools::finishStandardOutput("thymosc");
  }
  if (rt::Status s = rt::io::writeWholeFile(path, nullptr, 0, bytes.data(), bytes.size()); !s)
    return fail(s.message());
  return 0;
}

void printMemStats(const std::vector<codegen::GraphLowering> &lowered) {
  for (const codegen::GraphLowering &g : lowered) {
    const passes::GraphMemoryPlan &m = g.memory;
    // "optimal": the arena reached the lower bound, or the search proved
    // that nothing smaller fits.
    errs() << format("@%s: arena %lld bytes, lower bound %lld bytes, ratio %.4f, %zu buffers, "
                     "%u in-place, %s%s\n",
                     g.graph->name().c_str(), static_cast<long long>(m.arenaBytes),
                     static_cast<long long>(m.lowerBoundBytes),
                     m.lowerBoundBytes ? double(m.arenaBytes) / m.lowerBoundBytes : 1.0,
                     m.buffers.size(), m.inPlaceReuses, m.method.c_str(),
                     m.arenaBytes == m.provenBoundBytes ? ", optimal" : "");
  }
}

/// --mem-report and --mem-budget: the plan loaded as the runtime would
/// load it (its weight files mapped), its resident items; 0, or 1 when it
/// does not fit.
int reportMemory(const codegen::PlanModel &model, const std::string &sourceDirectory) {
  uint64_t budget = 0;
  std::string error;
  if (!memBudget.empty() && !rt::parseByteSize(memBudget, budget, error))
    return fail("--mem-budget: " + error);
  const std::vector<unsigned char> bytes = codegen::planBytes(model);
  std::unique_ptr<rt::Plan> plan;
  rt::LoadOptions load;
  load.weightsDirectory = sourceDirectory;
  if (rt::Status s = rt::Plan::loadFromMemory(bytes.data(), bytes.size(), "the plan", plan, load);
      !s)
    return fail(s.message());
  const rt::MemoryReport report = rt::memoryReport(*plan);
  if (memReport)
    errs() << "memory a run of this plan keeps resident (the runtime itself not counted):\n"
           << report.table();
  if (budget)
    if (rt::Status s = rt::checkBudget(report, budget); !s)
      return fail(s.message());
  return 0;
}

} // namespace

int main(int argc, char **argv) {
  InitLLVM init(argc, argv);
  tools::checkStandardOutputAtExit("thymosc");
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
    return tools::finishStandardOutput("thymosc");
  }
  if (listTargets) {
    for (const codegen::Target *t : codegen::allTargets())
      outs() << format("  %-8s %s (pipeline: %s)\n", t->name().str().c_str(),
                       t->description().str().c_str(), t->defaultPipeline().str().c_str());
    return tools::finishStandardOutput("thymosc");
  }

  codegen::CompileOptions options;
  options.target = codegen::findTarget(targetName);
  if (!options.target)
    return fail("unknown target '" + targetName + "' (--list-targets shows them)");
  if (inputPath.empty())
    return fail("no input file (see --help)");

  Emit what = emit;
  if (what == Emit::Default)
    what = outputPath == "-" ? Emit::Thy : Emit::Plan;
  if ((what == Emit::Cuda || what == Emit::Ptx) && options.target != &codegen::cudaTarget())
    return fail(std::string("--emit=") + (what == Emit::Cuda ? "cuda" : "ptx") +
                " needs --target=cuda");
  std::vector<std::string> archs;
  if (std::string error; !codegen::cuda::parseArchitectures(cudaArchs, archs, error))
    return fail("--cuda-arch: " + error);
  // A plan for the cuda target embeds its kernels, compiled by NVRTC.
  if (options.target == &codegen::cudaTarget() && (what == Emit::Plan || what == Emit::PlanText))
    options.cudaArchs = archs;
  options.lower = what == Emit::Plan || what == Emit::PlanText || what == Emit::MemorySvg ||
                  what == Emit::Cuda || memStats || memReport || !memBudget.empty() ||
                  options.target == &codegen::cudaTarget();
  // An explicit --passes (even empty) replaces the target's pipeline.
  if (pipeline.getNumOccurrences())
    options.pipeline = pipeline;
  options.registry = &registry;
  options.planEffort = planEffort;
  options.verifyInput = false; // verified below, on its own, for --time-phases
  options.instrumentation.printBefore.assign(printBefore.begin(), printBefore.end());
  options.instrumentation.printAfter.assign(printAfter.begin(), printAfter.end());
  options.instrumentation.printAfterAll = printAfterAll;
  options.instrumentation.timePasses = timePasses;
  if (std::string error; !codegen::checkPipeline(options, error))
    return fail(error);

  SourceMgr sourceMgr;
  DiagnosticEngine diag(sourceMgr);
  diag.setErrorLimit(errorLimit);
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

  if (inputPath != "-") {
    size_t slash = inputPath.rfind('/');
    options.sourceDirectory = slash == std::string::npos ? "" : inputPath.substr(0, slash + 1);
  }
  codegen::Compilation compiled;
  if (!codegen::compileModule(*module, diag, options, compiled))
    return 1;
  const std::vector<codegen::GraphLowering> &lowered = compiled.graphs;
  if (memStats)
    printMemStats(lowered);
  if (memReport || !memBudget.empty())
    if (int status = reportMemory(compiled.model, options.sourceDirectory); status != 0)
      return status;
  if (what == Emit::None)
    return 0;

  std::string text;
  raw_string_ostream os(text);
  switch (what) {
  case Emit::Thy: ir::printModule(*module, os); break;
  case Emit::Dot: ir::printModuleDot(*module, os); break;
  case Emit::PlanText: codegen::printPlanText(compiled.model, os); break;
  case Emit::MemorySvg: codegen::printMemorySvg(lowered, os); break;
  case Emit::Cuda: os << codegen::cuda::emitCuda(compiled.model).source; break;
  case Emit::Ptx: {
    std::string why;
    const rt::cuda::Nvrtc *nvrtc = rt::cuda::Nvrtc::load(why);
    if (!nvrtc)
      return fail(why);
    const std::string source = codegen::cuda::emitCuda(compiled.model).source;
    for (const std::string &arch : archs) {
      rt::cuda::NvrtcOutput out;
      if (!nvrtc->compile(source, arch, out, why))
        return fail(why);
      os << "// " << arch << ": cubin of " << out.cubin.size() << " bytes; PTX (NVRTC "
         << nvrtc->version() << "):\n"
         << out.ptx << "\n";
    }
    break;
  }
  case Emit::Plan: {
    if (isTerminal(outputPath))
      return fail("refusing to write a binary plan to a terminal; use -o FILE");
    std::vector<unsigned char> bytes = codegen::planBytes(compiled.model);
    os.write(reinterpret_cast<const char *>(bytes.data()), bytes.size());
    break;
  }
  case Emit::Default:
  case Emit::None: break;
  }
  os.flush();
  return writeOutput(outputPath, text);
}