//===- CudaEmitter.h - A plan's steps as one CUDA translation unit ----------===//
//
// After lowering, every step of a plan for the `cuda` target becomes one
// kernel specialised to its shapes and attributes; emitCuda() writes them
// all, after a prelude of device helpers (f16 conversions, block
// reductions, fault recording), as CUDA C that NVRTC compiles without any
// header. `thymosc --target=cuda --emit=cuda` prints it.
//
//===----------------------------------------------------------------------===//
#pragma once

#include "codegen/cuda/KernelWriter.h"

#include <string>
#include <vector>

namespace thymos::codegen::cuda {

/// How the runtime launches step `step`'s kernel `name`.
struct KernelLaunch {
  uint32_t step;
  std::string name;
  Launch launch;
  bool faults;
  bool gemm; ///< a cuBLAS GEMM whose prologue is the kernel (runtime/cuda/GemmOperands.h)
};

struct CudaModule {
  std::string source;
  std::vector<KernelLaunch> kernels; ///< one per step, in step order
};

/// Whether `step` has a CUDA lowering; why not otherwise.
bool stepLowerable(const PlanModel &model, const plan::StepRecord &step, std::string &why);

/// Every step of `model` (each stepLowerable) as CUDA C.
CudaModule emitCuda(const PlanModel &model);

} // namespace thymos::codegen::cuda
