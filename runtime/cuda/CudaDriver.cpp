//===- CudaDriver.cpp - The CUDA driver API, loaded with dlopen -------------===//

#include "runtime/cuda/CudaDriver.h"
#include "runtime/cuda/DynamicSymbols.h"

#include <cstdlib>

namespace thymos::rt::cuda {

namespace {

bool resolveAll(void *lib, DriverApi &a) {
  return resolveSymbol(lib, "cuInit", a.init) &&
         resolveSymbol(lib, "cuDriverGetVersion", a.driverGetVersion) &&
         resolveSymbol(lib, "cuDeviceGetCount", a.deviceGetCount) &&
         resolveSymbol(lib, "cuDeviceGet", a.deviceGet) &&
         resolveSymbol(lib, "cuDeviceGetName", a.deviceGetName) &&
         resolveSymbol(lib, "cuDeviceGetAttribute", a.deviceGetAttribute) &&
         resolveSymbol(lib, "cuDeviceTotalMem_v2", a.deviceTotalMem) &&
         resolveSymbol(lib, "cuDevicePrimaryCtxRetain", a.primaryCtxRetain) &&
         resolveSymbol(lib, "cuCtxSetCurrent", a.ctxSetCurrent) &&
         resolveSymbol(lib, "cuCtxSynchronize", a.ctxSynchronize) &&
         resolveSymbol(lib, "cuMemGetInfo_v2", a.memGetInfo) &&
         resolveSymbol(lib, "cuMemAlloc_v2", a.memAlloc) &&
         resolveSymbol(lib, "cuMemFree_v2", a.memFree) &&
         resolveSymbol(lib, "cuMemsetD8_v2", a.memsetD8) &&
         resolveSymbol(lib, "cuMemcpyHtoD_v2", a.memcpyHtoD) &&
         resolveSymbol(lib, "cuMemcpyDtoH_v2", a.memcpyDtoH) &&
         resolveSymbol(lib, "cuMemcpyDtoD_v2", a.memcpyDtoD) &&
         resolveSymbol(lib, "cuModuleLoadData", a.moduleLoadData) &&
         resolveSymbol(lib, "cuModuleGetFunction", a.moduleGetFunction) &&
         resolveSymbol(lib, "cuModuleUnload", a.moduleUnload) &&
         resolveSymbol(lib, "cuLaunchKernel", a.launchKernel) &&
         resolveSymbol(lib, "cuGetErrorName", a.getErrorName) &&
         resolveSymbol(lib, "cuStreamCreate", a.streamCreate) &&
         resolveSymbol(lib, "cuStreamDestroy_v2", a.streamDestroy) &&
         resolveSymbol(lib, "cuStreamBeginCapture_v2", a.streamBeginCapture) &&
         resolveSymbol(lib, "cuStreamEndCapture", a.streamEndCapture) &&
         resolveSymbol(lib, "cuGraphInstantiateWithFlags", a.graphInstantiate) &&
         resolveSymbol(lib, "cuGraphLaunch", a.graphLaunch) &&
         resolveSymbol(lib, "cuGraphDestroy", a.graphDestroy) &&
         resolveSymbol(lib, "cuGraphExecDestroy", a.graphExecDestroy) &&
         resolveSymbol(lib, "cuMemcpyDtoDAsync_v2", a.memcpyDtoDAsync) &&
         resolveSymbol(lib, "cuMemHostRegister_v2", a.memHostRegister) &&
         resolveSymbol(lib, "cuMemHostUnregister", a.memHostUnregister) &&
         resolveSymbol(lib, "cuMemHostGetDevicePointer_v2", a.memHostGetDevicePointer);
}

Status openDriver(Driver &d) {
  const char *chosen = std::getenv("THYMOS_CUDA_DRIVER");
  const std::string path = chosen && *chosen ? chosen : "libcuda.so.1";
  void *library = dlopen(path.c_str(), RTLD_NOW | RTLD_LOCAL);
  if (!library)
    return Status::error("no CUDA driver: " + path + " not found");
  if (!resolveAll(library, d.api))
    return Status::error("the CUDA driver " + path +
                         " lacks an entry point this runtime needs (CUDA 12 or later)");
  if (Status s = d.check(d.api.init(0), "cuInit"); !s)
    return s;
  if (Status s = d.check(d.api.driverGetVersion(&d.version), "cuDriverGetVersion"); !s)
    return s;
  int count = 0;
  if (Status s = d.check(d.api.deviceGetCount(&count), "cuDeviceGetCount"); !s)
    return s;
  if (count == 0)
    return Status::error("the CUDA driver sees no device");
  if (Status s = d.check(d.api.deviceGet(&d.device, 0), "cuDeviceGet"); !s)
    return s;
  char name[256] = {};
  d.api.deviceGetName(name, sizeof name - 1, d.device);
  d.name = name;
  int major = 0, minor = 0, integrated = 0, mapsHost = 0;
  d.api.deviceGetAttribute(&major, kAttributeComputeMajor, d.device);
  d.api.deviceGetAttribute(&minor, kAttributeComputeMinor, d.device);
  d.api.deviceGetAttribute(&integrated, kAttributeIntegrated, d.device);
  d.api.deviceGetAttribute(&mapsHost, kAttributeCanMapHostMemory, d.device);
  d.computeCapability = major * 10 + minor;
  d.integrated = integrated != 0;
  d.mapsHostMemory = mapsHost != 0;
  if (Status s = d.check(d.api.primaryCtxRetain(&d.context, d.device), "cuDevicePrimaryCtxRetain");
      !s)
    return s;
  return d.check(d.api.ctxSetCurrent(d.context), "cuCtxSetCurrent");
}

/// The names of the errors a host is likely to meet, for a driver that
/// cannot name them itself (the toolkit's stub library names none).
const char *knownErrorName(CUresult result) {
  switch (result) {
  case 2: return "CUDA_ERROR_OUT_OF_MEMORY";
  case 3: return "CUDA_ERROR_NOT_INITIALIZED";
  case 34: return "CUDA_ERROR_STUB_LIBRARY (the toolkit's stub, not a driver)";
  case 35: return "CUDA_ERROR_INSUFFICIENT_DRIVER";
  case 100: return "CUDA_ERROR_NO_DEVICE";
  case 209: return "CUDA_ERROR_NO_BINARY_FOR_GPU";
  case 218: return "CUDA_ERROR_INVALID_PTX";
  case 222: return "CUDA_ERROR_UNSUPPORTED_PTX_VERSION";
  default: return nullptr;
  }
}

} // namespace

Status Driver::check(CUresult result, const char *call) const {
  if (result == 0)
    return Status::success();
  const char *errorName = nullptr;
  if (api.getErrorName && api.getErrorName(result, &errorName) != 0)
    errorName = nullptr;
  if (!errorName)
    errorName = knownErrorName(result);
  return Status::error(std::string(call) + ": " +
                       (errorName ? errorName : "CUDA error " + std::to_string(result)));
}

Status Driver::allocationFailed(CUresult result, const char *what, uint64_t bytes) const {
  size_t free = 0, total = 0;
  api.memGetInfo(&free, &total);
  auto mib = [](uint64_t b) { return std::to_string((b + (1u << 20) - 1) >> 20) + " MiB"; };
  return Status::error(check(result, "cuMemAlloc").message() + ": " + what + " needs " +
                       std::to_string(bytes) + " bytes (" + mib(bytes) + "); " + mib(free) +
                       " of the device's " + mib(total) + " are free");
}

Status cudaDriver(const Driver *&out) {
  static Driver driver;
  static const Status opened = openDriver(driver);
  if (!opened)
    return opened;
  out = &driver;
  return Status::success();
}

} // namespace thymos::rt::cuda
