//===- Pass.h - A transformation or check over a whole module ---------------===//
//
// A pass sees the module and a PassContext (diagnostics, options, results
// that later passes or code generation use). It reports failure by returning
// false after emitting at least one error; the pipeline then stops.
// Passes hold no graph data between runs: everything lives in the module or
// the context.
//
//===----------------------------------------------------------------------===//
#pragma once

#include "ir/Diagnostics.h"
#include "ir/Module.h"
#include "passes/PlanMemory.h"

#include "llvm/ADT/DenseMap.h"
#include "llvm/ADT/StringRef.h"

#include <string>

namespace thymos::passes {

/// What a pipeline run carries from pass to pass.
struct PassContext {
  explicit PassContext(DiagnosticEngine &engine) : diag(engine) {}

  DiagnosticEngine &diag;
  /// Options of `plan-memory`.
  PlannerOptions planner{64, 0, 1};
  /// Filled by `plan-memory`, one per graph; code generation plans graphs
  /// itself when a pipeline did not. Any pass that changes a graph after
  /// planning must erase its entry.
  llvm::DenseMap<const ir::Graph *, GraphMemoryPlan> memoryPlans;
  /// The directory of the module's source ("" for the current directory, or
  /// ending in '/'): relative files that ops name (`gguf_tensor`) resolve
  /// against it.
  std::string sourceDirectory;
  /// Record every weight's full fingerprint (read every byte of the weights
  /// while compiling); off for a plan compiled in process from the file it
  /// maps, which loads it at once (thymos-generate -m).
  bool weightFingerprints = true;
};

class Pass {
public:
  virtual ~Pass() = default;
  /// The name used in pipelines (`--passes=verify,...`).
  virtual llvm::StringRef name() const = 0;
  virtual llvm::StringRef description() const = 0;
  virtual bool run(ir::Module &module, PassContext &context) = 0;
};

} // namespace thymos::passes
