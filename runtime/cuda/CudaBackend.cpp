//===- CudaBackend.cpp - Running a plan's steps on a CUDA device ------------===//
//
// The step checks are the CPU kernels' checks (the same semantics on both
// devices); prepare() finds the driver and device; the arena and state are
// device memory, zeroed; bind() hands the steps to CudaSteps.h. The host
// memory it addresses is the plan's constants and weights, which bind()
// uploads.
//
//===----------------------------------------------------------------------===//

#include "runtime/cuda/CudaBackend.h"

#include "runtime/cpu/CpuBackend.h"
#include "runtime/cuda/CudaDriver.h"
#include "runtime/cuda/CudaSteps.h"

#include <cstdlib>

namespace thymos::rt {

namespace {

using plan::MemorySpace;

class CudaBackend final : public Backend {
public:
  const char *name() const override { return "CUDA"; }

  /// Device memory for the arena and state; host memory for the constants
  /// and weights, which bind() uploads.
  bool addresses(MemorySpace space) const override {
    return space == MemorySpace::CudaDevice || space == MemorySpace::Host;
  }

  Status checkStep(OpKind op, const KernelCall &call) const override {
    return cpuBackend().checkStep(op, call);
  }

  Status prepare() const override {
    const cuda::Driver *driver;
    return cuda::cudaDriver(driver);
  }

  Status allocate(MemorySpace space, uint64_t bytes, const char *what,
                  unsigned char *&out) const override {
    if (space == MemorySpace::Host)
      return cpuBackend().allocate(space, bytes, what, out);
    const cuda::Driver *driver;
    if (Status s = cuda::cudaDriver(driver); !s)
      return s;
    const uint64_t rounded = bytes == 0 ? 64 : (bytes + 63) / 64 * 64;
    cuda::CUdeviceptr memory = 0;
    if (cuda::CUresult r = driver->api.memAlloc(&memory, rounded); r != 0)
      return driver->allocationFailed(r, what, rounded);
    if (Status s = driver->check(driver->api.memsetD8(memory, 0, rounded), "cuMemsetD8"); !s) {
      driver->api.memFree(memory);
      return s;
    }
    out = reinterpret_cast<unsigned char *>(static_cast<uintptr_t>(memory));
    return Status::success();
  }

  void release(MemorySpace space, unsigned char *memory) const override {
    if (space == MemorySpace::Host) {
      cpuBackend().release(space, memory);
      return;
    }
    const cuda::Driver *driver;
    if (cuda::cudaDriver(driver))
      driver->api.memFree(static_cast<cuda::CUdeviceptr>(reinterpret_cast<uintptr_t>(memory)));
  }

  Status bind(const Plan &plan, const TensorView *views,
              std::unique_ptr<BoundSteps> &out) const override {
    const cuda::Driver *driver;
    if (Status s = cuda::cudaDriver(driver); !s)
      return s;
    return cuda::bindCudaSteps(*driver, plan, views, out);
  }
};

} // namespace

const Backend &cudaBackend() {
  static const CudaBackend backend;
  return backend;
}

} // namespace thymos::rt
