//===- DeviceWeights.h - The constants and weights a device's steps read ----===//
//
// A discrete GPU gets one device buffer for every constant and weight the
// plan's steps read, uploaded once at bind. An integrated GPU (Jetson: the
// CPU and GPU share one DRAM) reads them in place instead: the host pages
// that hold them are registered with the driver and mapped into the device's
// address space, so a model's weights are resident once, not twice. Where
// registration is refused (an old driver, a read-only mapping it cannot pin),
// the weights are copied as on a discrete GPU; THYMOS_CUDA_WEIGHTS=copy asks
// for the copy on an integrated GPU too.
//
//===----------------------------------------------------------------------===//
#pragma once

#include "runtime/Plan.h"
#include "runtime/cuda/CudaDriver.h"

#include <utility>
#include <vector>

namespace thymos::rt::cuda {

class DeviceWeights {
public:
  explicit DeviceWeights(const Driver &driver) : d_(driver) {}
  ~DeviceWeights();
  DeviceWeights(const DeviceWeights &) = delete;
  DeviceWeights &operator=(const DeviceWeights &) = delete;

  /// Places every constant and weight a step of `plan` reads (`views`: the
  /// host data of each tensor).
  Status place(const Plan &plan, const TensorView *views);
  /// The device address of tensor `t` if it is a placed constant or weight;
  /// 0 otherwise.
  CUdeviceptr address(uint32_t t) const { return t < addresses_.size() ? addresses_[t] : 0; }

private:
  struct Range {
    uintptr_t begin, end; // host addresses, page aligned
  };
  Status copy(const Plan &plan, const TensorView *views, const std::vector<uint32_t> &tensors);
  /// Registers the pages of `tensors`; false (and nothing registered) when
  /// the driver refuses any of them.
  bool map(const Plan &plan, const TensorView *views, const std::vector<uint32_t> &tensors);
  void unregisterAll();

  const Driver &d_;
  std::vector<CUdeviceptr> addresses_; // per tensor
  CUdeviceptr buffer_ = 0;             // the copies
  std::vector<Range> registered_;
};

} // namespace thymos::rt::cuda
