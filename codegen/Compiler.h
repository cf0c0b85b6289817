//===- Compiler.h - The one compile driver ----------------------------------===//
//
// verify → the target's pipeline → verify again → plan memory → lower →
// plan bytes. Every front end compiles through here: `thymosc`, the C API,
// `thymos-fit`, and the fuzzers, so they cannot drift apart. The verifier
// brackets the pipeline, so passes (and plugins) always see valid IR and a
// pass that breaks it is caught before code generation.
//
//===----------------------------------------------------------------------===//
#pragma once

#include "codegen/Lowering.h"
#include "codegen/Target.h"
#include "passes/PassManager.h"

#include "llvm/ADT/StringRef.h"

#include <optional>
#include <string>
#include <vector>

namespace thymos::codegen {

/// See CompileOptions::planEffort.
constexpr unsigned kDefaultPlanEffort = 100;

struct CompileOptions {
  const Target *target = &cpuTarget();
  /// Overrides the pipeline. Unset: the target's pipeline when lowering, no
  /// passes otherwise. Set and empty: no passes.
  std::optional<std::string> pipeline;
  /// Lower to a plan; false stops after the pipeline (e.g. to print the IR).
  bool lower = true;
  /// Verify the module before the pipeline; a caller that has just verified
  /// it (to time the verifier, say) may skip the second run.
  bool verifyInput = true;
  /// Passes to choose from; null means the built-in passes.
  const passes::PassRegistry *registry = nullptr;
  passes::PassInstrumentation instrumentation;
  /// Memory planner effort: 0 = greedy by size; the default, a search whose
  /// work budget keeps it near 100 ms on graphs of thousands of tensors and
  /// whose plan depends only on the graph (passes/MemoryPlanner.h).
  unsigned planEffort = kDefaultPlanEffort;
  /// For the `cuda` target when lowering: compile the kernels with NVRTC for
  /// these architectures and embed them (codegen/cuda/CudaPlan.h). Empty:
  /// lower only (enough to print or check the kernels).
  std::vector<std::string> cudaArchs;
  /// Where relative files named by ops (`gguf_tensor`) are found: "" or a
  /// path ending in '/'.
  std::string sourceDirectory;
  /// See PassContext::weightFingerprints.
  bool weightFingerprints = true;
};

/// The pipeline text that `options` runs.
std::string pipelineFor(const CompileOptions &options);

/// Checks that the pipeline of `options` names registered passes; false
/// with `error` otherwise. compileModule() checks it too; this lets a tool
/// refuse a bad command line before reading its input.
bool checkPipeline(const CompileOptions &options, std::string &error);

struct Compilation {
  /// Filled when lowering.
  PlanModel model;
  std::vector<GraphLowering> graphs;
  /// Set when the input was valid but the pipeline left invalid IR: a bug in
  /// a pass, which the fuzzers look for.
  bool invalidAfterPipeline = false;
};

/// Compiles a module that parsed; it is verified first and rewritten by the
/// pipeline. False after diagnostics when anything fails.
bool compileModule(ir::Module &module, DiagnosticEngine &diag, const CompileOptions &options,
                   Compilation &out);

/// The plan.bin bytes of a compiled model, stamped with this build's version.
std::vector<unsigned char> planBytes(const PlanModel &model);

/// Parses `text` (named `bufferName` in diagnostics) and compiles it to plan
/// bytes; false with the diagnostics' text otherwise.
bool compileText(llvm::StringRef text, llvm::StringRef bufferName, const CompileOptions &options,
                 std::vector<unsigned char> &plan, std::string &diagnostics);

} // namespace thymos::codegen
