//===- CudaSteps.h - A plan's steps bound to a CUDA device ------------------===//
//
// bind: the plan's module loaded from the image this device takes (the
// cubin of its architecture, else the newest PTX at or below it, which the
// driver compiles, else the plan's source compiled by this host's NVRTC),
// one function per step, the constants and weights the steps read uploaded
// once, the fault words, and each step's argument array built once. runStep
// is then one cuLaunchKernel on the default stream; finishEntry waits for
// the device and turns a recorded fault into the message the CPU kernel
// would give.
//
//===----------------------------------------------------------------------===//
#pragma once

#include "runtime/Backend.h"
#include "runtime/cuda/CudaDriver.h"

#include <memory>
#include <vector>

namespace thymos::rt::cuda {

Status bindCudaSteps(const Driver &driver, const Plan &plan, const TensorView *views,
                     std::unique_ptr<BoundSteps> &out);

} // namespace thymos::rt::cuda
