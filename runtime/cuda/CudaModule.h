//===- CudaModule.h - A plan's CUDA module, loaded on this device -----------===//
//
// The plan carries its kernels as cubins for chosen architectures, PTX, and
// the CUDA C source. The loader tries, in order: the cubin of this device's
// architecture; the newest PTX at or below it (the driver compiles it); a
// cubin this host compiled earlier and cached beside the plan; and the source
// compiled now by this host's NVRTC, whose cubin it then caches. The last two
// serve a driver older than the toolkit that compiled the plan (a Jetson on
// JetPack 6's CUDA 12.6 driver refuses CUDA 13 cubins and PTX).
//
// The cache file (`<plan>.sm_<cc>.cubin`) is untrusted like the plan: its
// header must name this plan's source (CRC-32 and size), this device's
// architecture and driver version, and its cubin's CRC-32 must match, or it
// is ignored and rewritten.
//
//===----------------------------------------------------------------------===//
#pragma once

#include "runtime/cuda/CudaDriver.h"

#include <string>
#include <vector>

namespace thymos::rt {
class Plan;
}

namespace thymos::rt::cuda {

struct LoadedModule {
  CUmodule module = nullptr;
  /// Where it came from: "the plan's cubin for sm_90", "this host's NVRTC".
  std::string origin;
};

/// The plan's module on `driver`'s device; the error lists why each image
/// was refused and what the plan has.
Status loadPlanModule(const Driver &driver, const Plan &plan, LoadedModule &out);

/// The cache file of `plan` (loaded from `planPath`) for compute capability
/// `cc`: "<planPath>.sm_<cc>.cubin".
std::string cubinCachePath(const std::string &planPath, int cc);

/// The cubin of a cache file if it was written for exactly this source,
/// device and driver (and is intact); empty otherwise.
std::vector<unsigned char> readCachedCubin(const std::string &path, const void *source,
                                           size_t sourceBytes, int cc, int driverVersion);
/// Writes a cache file atomically (a temporary file renamed); false if it
/// cannot be written (a read-only directory is not an error).
bool writeCachedCubin(const std::string &path, const void *source, size_t sourceBytes, int cc,
                      int driverVersion, const std::vector<unsigned char> &cubin);

} // namespace thymos::rt::cuda
