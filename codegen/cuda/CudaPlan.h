//===- CudaPlan.h - Embedding a plan's CUDA kernels in it -------------------===//
//
// A plan for the `cuda` target keeps its arena and state in device memory
// (Regions), one launch record per step (CudaKernels), and its module as
// CUDA C source plus, per architecture, a cubin and PTX compiled by NVRTC
// (CudaImages, CudaBlobs). The source stays so that a host whose driver is
// older than the toolkit (a Jetson on JetPack 6) can compile it itself.
//
//===----------------------------------------------------------------------===//
#pragma once

#include "codegen/PlanModel.h"

#include <string>
#include <vector>

namespace thymos::codegen::cuda {

/// Splits "sm_87,sm_90" into architectures; false with `error` for a name
/// that is not sm_<digits>.
bool parseArchitectures(const std::string &list, std::vector<std::string> &archs,
                        std::string &error);

/// Emits and compiles `model`'s kernels for `archs` ("sm_87") and records
/// them in the model; false with `error` (NVRTC missing or failing).
bool embedCudaModule(PlanModel &model, const std::vector<std::string> &archs,
                     std::string &error);

} // namespace thymos::codegen::cuda
