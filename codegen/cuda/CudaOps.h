//===- CudaOps.h - One CUDA kernel per plan step ----------------------------===//
//
// The emitters of each op family. A step is lowered when its op and types
// have an emitter here (lowerable), which the `cuda` target asks at compile
// time; the step's semantics (the shapes and types it accepts) are the CPU
// kernel's check, made first, so both backends accept the same plans.
//
//===----------------------------------------------------------------------===//
#pragma once

#include "codegen/cuda/KernelWriter.h"

#include <string>

namespace thymos::codegen::cuda {

struct EmittedKernel {
  std::string name;
  std::string source; ///< the kernel's definition
  Launch launch;
  bool faults = false; ///< takes the fault words after its output
  bool gemm = false;   ///< the prologue of a cuBLAS GEMM: takes its scratch after the output
};

/// Whether `s` has a CUDA lowering; why not otherwise ("f64 cholesky has no
/// CUDA lowering").
bool lowerable(const StepView &s, std::string &why);
/// The kernel of a lowerable step.
EmittedKernel emitStep(const StepView &s);

// The families (each returns false with `why` for what it does not lower).
bool elementwiseLowerable(const StepView &s, std::string &why);
EmittedKernel emitElementwise(const StepView &s);
bool movementLowerable(const StepView &s, std::string &why);
EmittedKernel emitMovement(const StepView &s);
bool normLowerable(const StepView &s, std::string &why);
EmittedKernel emitNorm(const StepView &s);
bool llmLowerable(const StepView &s, std::string &why);
EmittedKernel emitLlm(const StepView &s);
bool matmulLowerable(const StepView &s, std::string &why);
EmittedKernel emitMatMul(const StepView &s);

} // namespace thymos::codegen::cuda
