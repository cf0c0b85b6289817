//===- Target.h - What a backend can run ------------------------------------===//
//
// A target names a backend of the runtime and decides two things for the
// compile driver: the pass pipeline that prepares a module for it, and
// whether it can run each lowered step (which ops it has kernels for, with
// which element types and shapes). `cpu` runs the interpreted kernels;
// `cuda` emits one CUDA kernel per step (codegen/cuda/).
//
//===----------------------------------------------------------------------===//
#pragma once

#include "codegen/PlanModel.h"

#include "llvm/ADT/ArrayRef.h"
#include "llvm/ADT/StringRef.h"

#include <string>

namespace thymos::codegen {

class Target {
public:
  virtual ~Target() = default;
  /// The name users pass to `thymosc --target=`.
  virtual llvm::StringRef name() const = 0;
  virtual llvm::StringRef description() const = 0;
  /// The pipeline that prepares a verified module for lowering.
  virtual llvm::StringRef defaultPipeline() const = 0;
  /// Whether `step` of `model` can run on this target: the check the
  /// runtime's loader makes, made at compile time so that what the compiler
  /// accepts the runtime accepts. False with `why` filled otherwise.
  virtual bool checkStep(const PlanModel &model, const plan::StepRecord &step,
                         std::string &why) const = 0;
};

/// Every target, in the order `--help` lists them.
llvm::ArrayRef<const Target *> allTargets();
/// The target named `name`, or null.
const Target *findTarget(llvm::StringRef name);
const Target &cpuTarget();
/// Emitted CUDA kernels (codegen/cuda/).
const Target &cudaTarget();

} // namespace thymos::codegen
