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
         resolveSymbol(lib, "cuGetErrorName", a.getErrorName);
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
  int major = 0, minor = 0, integrated = 0;
  d.api.deviceGetAttribute(&major, kAttributeComputeMajor, d.device);
  d.api.deviceGetAttribute(&minor, kAttributeComputeMinor, d.device);
  d.api.deviceGetAttribute(&integrated, kAttributeIntegrated, d.device);
  d.computeCapability = major * 10 + minor;
  d.integrated = integrated != 0;
  if (Status s = d.check(d.api.primaryCtxRetain(&d.context, d.device), "cuDevicePrimaryCtxRetain");
      !s)
    return s;
  return d.check(d.api.ctxSetCurrent(d.context), "cuCtxSetCurrent");
}

} // namespace

Status Driver::check(CUresult result, const char *call) const {
  if (result == 0)
    return Status::success();
  const char *errorName = nullptr;
  if (api.getErrorName)
    api.getErrorName(result, &errorName);
  return Status::error(std::string(call) + ": " +
                       (errorName ? errorName : "CUDA error " + std::to_string(result)));
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
