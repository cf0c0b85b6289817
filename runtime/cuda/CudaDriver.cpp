//===- CudaDriver.cpp - The CUDA driver API, loaded with dlopen -------------===//

#include "runtime/cuda/CudaDriver.h"

#include <cstdlib>
#include <dlfcn.h>

namespace thymos::rt::cuda {

namespace {

template <typename Fn> bool resolve(void *library, const char *name, Fn &fn) {
  fn = reinterpret_cast<Fn>(dlsym(library, name));
  return fn != nullptr;
}

bool resolveAll(void *lib, DriverApi &a) {
  return resolve(lib, "cuInit", a.init) && resolve(lib, "cuDriverGetVersion", a.driverGetVersion) &&
         resolve(lib, "cuDeviceGetCount", a.deviceGetCount) &&
         resolve(lib, "cuDeviceGet", a.deviceGet) &&
         resolve(lib, "cuDeviceGetName", a.deviceGetName) &&
         resolve(lib, "cuDeviceGetAttribute", a.deviceGetAttribute) &&
         resolve(lib, "cuDeviceTotalMem_v2", a.deviceTotalMem) &&
         resolve(lib, "cuDevicePrimaryCtxRetain", a.primaryCtxRetain) &&
         resolve(lib, "cuCtxSetCurrent", a.ctxSetCurrent) &&
         resolve(lib, "cuCtxSynchronize", a.ctxSynchronize) &&
         resolve(lib, "cuMemGetInfo_v2", a.memGetInfo) &&
         resolve(lib, "cuMemAlloc_v2", a.memAlloc) && resolve(lib, "cuMemFree_v2", a.memFree) &&
         resolve(lib, "cuMemsetD8_v2", a.memsetD8) &&
         resolve(lib, "cuMemcpyHtoD_v2", a.memcpyHtoD) &&
         resolve(lib, "cuMemcpyDtoH_v2", a.memcpyDtoH) &&
         resolve(lib, "cuMemcpyDtoD_v2", a.memcpyDtoD) &&
         resolve(lib, "cuModuleLoadData", a.moduleLoadData) &&
         resolve(lib, "cuModuleGetFunction", a.moduleGetFunction) &&
         resolve(lib, "cuModuleUnload", a.moduleUnload) &&
         resolve(lib, "cuLaunchKernel", a.launchKernel) &&
         resolve(lib, "cuGetErrorName", a.getErrorName);
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
