//===- Backend.cpp - Choosing the backend that runs a plan -------------------===//

#include "runtime/Backend.h"

#include "runtime/Plan.h"
#include "runtime/cpu/CpuBackend.h"
#include "runtime/cuda/CudaBackend.h"

#include <cstring>
#include <string>

namespace thymos::rt {

using namespace plan;

namespace {

const char *storageName(Storage storage) {
  switch (storage) {
  case Storage::Arena: return "arena";
  case Storage::Constant: return "constant";
  case Storage::State: return "state";
  case Storage::Weight: return "weight";
  }
  return "(unknown)";
}

/// The storage regions a plan can place (Storage codes 0..3).
constexpr uint8_t kNumStorageKinds = 4;

} // namespace

Status BoundSteps::upload(void *destination, const void *hostSource, uint64_t bytes) {
  std::memcpy(destination, hostSource, bytes);
  return Status::success();
}

Status BoundSteps::download(void *hostDestination, const void *source, uint64_t bytes) {
  std::memcpy(hostDestination, source, bytes);
  return Status::success();
}

MemorySpace regionSpace(const Plan &plan, Storage storage) {
  for (const RegionRecord &r : plan.regions())
    if (r.storage == static_cast<uint8_t>(storage))
      return static_cast<MemorySpace>(r.memorySpace);
  return MemorySpace::Host;
}

Status selectBackend(const Plan &plan, const Backend *&out) {
  // The backends this runtime was built with, in order of preference: the
  // CPU for plans in host memory, CUDA for plans in device memory.
  static const Backend *const backends[] = {&cpuBackend(), &cudaBackend()};
  for (const Backend *backend : backends) {
    bool all = true;
    for (uint8_t s = 0; s < kNumStorageKinds && all; ++s)
      all = backend->addresses(regionSpace(plan, static_cast<Storage>(s)));
    if (all) {
      out = backend;
      return Status::success();
    }
  }
  for (uint8_t s = 0; s < kNumStorageKinds; ++s) {
    MemorySpace space = regionSpace(plan, static_cast<Storage>(s));
    if (space != MemorySpace::Host)
      return Status::error(std::string("the ") + storageName(static_cast<Storage>(s)) +
                           " region is in memory space " +
                           std::to_string(static_cast<uint32_t>(space)) +
                           ", which no backend of this runtime addresses");
  }
  return Status::error("no backend of this runtime can run the plan");
}

} // namespace thymos::rt
