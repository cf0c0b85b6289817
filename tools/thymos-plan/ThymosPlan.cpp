//===- ThymosPlan.cpp - Plan a lifetimes CSV into one arena ----------------===//
//
//   thymos-plan lifetimes.csv                    arena, lower bound, ratio
//   thymos-plan lifetimes.csv -o out.csv         ... and the offsets
//   thymos-plan lifetimes.csv --effort=1000      the strong search, reproducible
//   thymos-plan lifetimes.csv --time-limit=10    the strongest: search up to 10 s
//
// Every plan is validated before it is reported; a failure there is a bug in
// the planner, reported as an internal error (exit 2), never a silent result.
//
//===----------------------------------------------------------------------===//

#include "PlannerCsv.h"
#include "passes/MemoryPlanner.h"
#include "runtime/io/File.h"
#include "thymos/Version.h"
#include "tools/StandardOutput.h"

#include "llvm/Support/CommandLine.h"
#include "llvm/Support/FileSystem.h"
#include "llvm/Support/Format.h"
#include "llvm/Support/InitLLVM.h"
#include "llvm/Support/MemoryBuffer.h"
#include "llvm/Support/SourceMgr.h"
#include "llvm/Support/WithColor.h"

#include <chrono>

using namespace llvm;
using namespace thymos;

namespace {

cl::OptionCategory category("thymos-plan options");

cl::opt<std::string> inputPath(cl::Positional,
                               cl::desc("<lifetimes .csv file, or - for standard input>"),
                               cl::cat(category));
cl::opt<std::string> outputPath("o",
                                cl::desc("Write the buffers with an added 'offset' column "
                                         "to <file> (- for standard output)"),
                                cl::value_desc("file"), cl::cat(category));
cl::opt<unsigned long long>
    effort("effort",
           cl::desc("0: greedy-by-size only (default). N > 0: try several greedy orders, "
                    "then N rounds of local search, then an exact search for smaller arenas "
                    "with a work budget that grows with N; never worse than greedy-by-size, "
                    "and the same plan on every machine"),
           cl::value_desc("N"), cl::init(0), cl::cat(category));
cl::opt<double> timeLimit(
    "time-limit",
    cl::desc("The strongest mode: search until the arena is proven minimal or <seconds> have "
             "passed, then keep the best plan found (which then depends on the machine's speed)"),
    cl::value_desc("seconds"), cl::init(0), cl::cat(category));
cl::opt<unsigned long long>
    alignment("alignment", cl::desc("Every offset is a multiple of N (default 1); sizes are "
                                    "not padded"),
              cl::value_desc("N"), cl::init(1), cl::cat(category));
cl::opt<unsigned long long> seed("seed", cl::desc("Seed of the local search (default 1)"),
                                 cl::value_desc("N"), cl::init(1), cl::cat(category));
cl::opt<bool> timePlan("time", cl::desc("Print the planning time to stderr"),
                       cl::cat(category));

void printVersion(raw_ostream &os) {
  os << "thymos-plan (Thymos) " << THYMOS_VERSION_STRING << "\n";
}

int fail(const Twine &message) {
  WithColor::error(errs(), "thymos-plan") << message << "\n";
  return tools::finishStandardOutput("thymos-plan", 1);
}

} // namespace

int main(int argc, char **argv) {
  InitLLVM init(argc, argv);
  tools::checkStandardOutputAtExit("thymos-plan");
  cl::HideUnrelatedOptions(category);
  cl::SetVersionPrinter(printVersion);
  cl::ParseCommandLineOptions(
      argc, argv,
      "Thymos memory planner: assigns an arena offset to every buffer of a lifetimes CSV\n"
      "(header 'id,lower,upper,size', lifetimes half-open [lower, upper), sizes in bytes)\n"
      "so that buffers live at the same step never overlap. Prints arena_bytes, the\n"
      "lower bound (the most bytes live at one step) and their ratio.\n");

  if (inputPath.empty())
    return fail("no input file (see --help)");

  const int64_t maxOption = int64_t(1) << 60;
  if (alignment < 1 || alignment > uint64_t(maxOption))
    return fail("--alignment must be between 1 and 2^60");
  if (effort > uint64_t(maxOption))
    return fail("--effort is too large");
  if (!(timeLimit >= 0 && timeLimit <= 1e6))
    return fail("--time-limit must be between 0 and 1000000 seconds");

  auto buffer = MemoryBuffer::getFileOrSTDIN(inputPath, /*IsText=*/true);
  if (std::error_code ec = buffer.getError())
    return fail("cannot read '" + inputPath + "': " + ec.message());
  SourceMgr sourceMgr;
  unsigned bufferId = sourceMgr.AddNewSourceBuffer(std::move(*buffer), SMLoc());
  StringRef text = sourceMgr.getMemoryBuffer(bufferId)->getBuffer();

  plan::CsvParseResult parsed = plan::parsePlannerCsv({text.data(), text.size()});
  for (const plan::CsvError &error : parsed.errors)
    sourceMgr.PrintMessage(SMLoc::getFromPointer(text.data() + error.offset),
                           SourceMgr::DK_Error, error.message);
  if (!parsed.errors.empty())
    return tools::finishStandardOutput("thymos-plan", 1);
  std::string problem = passes::checkPlannerInput(parsed.buffers, int64_t(alignment));
  if (!problem.empty())
    return fail(inputPath + ": " + problem);

  passes::PlannerOptions options;
  options.alignment = int64_t(alignment);
  options.effort = int64_t(effort);
  options.seed = seed;
  options.timeLimitSeconds = timeLimit;
  auto start = std::chrono::steady_clock::now();
  passes::MemoryPlan plan = passes::planMemory(parsed.buffers, options);
  double ms =
      std::chrono::duration<double, std::milli>(std::chrono::steady_clock::now() - start).count();

  std::string invalid = passes::validateMemoryPlan(parsed.buffers, plan.offsets,
                                                   options.alignment, plan.arenaBytes);
  if (!invalid.empty()) {
    WithColor::error(errs(), "thymos-plan")
        << "internal error: the planner produced an invalid plan: " << invalid << "\n";
    return tools::finishStandardOutput("thymos-plan", 2);
  }

  // An empty or all-zero-size input needs no bytes: call that a perfect ratio.
  double ratio = plan.lowerBoundBytes == 0
                     ? 1.0
                     : double(plan.arenaBytes) / double(plan.lowerBoundBytes);
  outs() << "buffers = " << parsed.buffers.size() << "\n"
         << "arena_bytes = " << plan.arenaBytes << "\n"
         << "lower_bound_bytes = " << plan.lowerBoundBytes << "\n"
         << format("ratio = %.4f\n", ratio) << "method = " << plan.method << "\n";
  // Only the exact search can prove more than the live-bytes bound.
  if (plan.provenBoundBytes > plan.lowerBoundBytes)
    outs() << "proven_bound_bytes = " << plan.provenBoundBytes << "\n";
  if (effort > 0 || timeLimit > 0)
    outs() << "optimal = " << (plan.arenaBytes == plan.provenBoundBytes ? "yes" : "unknown")
           << "\n";
  if (timePlan)
    errs() << format("plan: %.3f ms\n", ms);

  if (outputPath.empty() || outputPath == "-") {
    if (!outputPath.empty())
      outs() << plan::writePlannerCsv(parsed.buffers, plan.offsets);
    return tools::finishStandardOutput("thymos-plan");
  }
  // The runtime's output file: a failed write leaves `outputPath` as it was.
  std::string csv = plan::writePlannerCsv(parsed.buffers, plan.offsets);
  if (rt::Status s = rt::io::writeWholeFile(outputPath, csv.data(), csv.size(), nullptr, 0); !s)
    return fail(s.message());
  return tools::finishStandardOutput("thymos-plan");
}
