//===- CudaDriver.h - The CUDA driver API, loaded with dlopen ---------------===//
//
// The runtime links nothing but libc and the C++ library: the driver
// (libcuda.so.1, or THYMOS_CUDA_DRIVER alone when it is set) is opened on
// first use, and its absence is an ordinary error ("no CUDA driver:
// libcuda.so.1 not found"), so one thymos-run binary serves GPU hosts and
// CPU-only ones. The entry points are declared here from the driver API's
// documented C signatures; no CUDA header is needed to build.
//
//===----------------------------------------------------------------------===//
#pragma once

#include "runtime/Status.h"

#include <cstddef>
#include <cstdint>
#include <string>

namespace thymos::rt::cuda {

using CUresult = int;
using CUdevice = int;
using CUdeviceptr = unsigned long long;
using CUcontext = struct CUctxOpaque *;
using CUmodule = struct CUmodOpaque *;
using CUfunction = struct CUfuncOpaque *;
using CUstream = struct CUstreamOpaque *;
using CUgraph = struct CUgraphOpaque *;
using CUgraphExec = struct CUgraphExecOpaque *;

/// Device attributes the runtime reads (CUdevice_attribute values).
enum DeviceAttribute : int {
  kAttributeMultiprocessors = 16,
  kAttributeIntegrated = 18,
  kAttributeCanMapHostMemory = 19,
  kAttributeComputeMajor = 75,
  kAttributeComputeMinor = 76,
};

struct DriverApi {
  CUresult (*init)(unsigned);
  CUresult (*driverGetVersion)(int *);
  CUresult (*deviceGetCount)(int *);
  CUresult (*deviceGet)(CUdevice *, int);
  CUresult (*deviceGetName)(char *, int, CUdevice);
  CUresult (*deviceGetAttribute)(int *, int, CUdevice);
  CUresult (*deviceTotalMem)(size_t *, CUdevice);
  CUresult (*primaryCtxRetain)(CUcontext *, CUdevice);
  CUresult (*ctxSetCurrent)(CUcontext);
  CUresult (*ctxSynchronize)();
  CUresult (*memGetInfo)(size_t *, size_t *);
  CUresult (*memAlloc)(CUdeviceptr *, size_t);
  CUresult (*memFree)(CUdeviceptr);
  CUresult (*memsetD8)(CUdeviceptr, unsigned char, size_t);
  CUresult (*memcpyHtoD)(CUdeviceptr, const void *, size_t);
  CUresult (*memcpyDtoH)(void *, CUdeviceptr, size_t);
  CUresult (*memcpyDtoD)(CUdeviceptr, CUdeviceptr, size_t);
  CUresult (*moduleLoadData)(CUmodule *, const void *);
  CUresult (*moduleGetFunction)(CUfunction *, CUmodule, const char *);
  CUresult (*moduleUnload)(CUmodule);
  CUresult (*launchKernel)(CUfunction, unsigned, unsigned, unsigned, unsigned, unsigned, unsigned,
                           unsigned, CUstream, void **, void **);
  CUresult (*getErrorName)(CUresult, const char **);
  // Streams and graphs: an entry's launches captured once and replayed.
  CUresult (*streamCreate)(CUstream *, unsigned);
  CUresult (*streamDestroy)(CUstream);
  CUresult (*streamBeginCapture)(CUstream, int);
  CUresult (*streamEndCapture)(CUstream, CUgraph *);
  CUresult (*graphInstantiate)(CUgraphExec *, CUgraph, unsigned long long);
  CUresult (*graphLaunch)(CUgraphExec, CUstream);
  CUresult (*graphDestroy)(CUgraph);
  CUresult (*graphExecDestroy)(CUgraphExec);
  CUresult (*memcpyDtoDAsync)(CUdeviceptr, CUdeviceptr, size_t, CUstream);
  // Host memory the device reads in place (integrated GPUs).
  CUresult (*memHostRegister)(void *, size_t, unsigned);
  CUresult (*memHostUnregister)(void *);
  CUresult (*memHostGetDevicePointer)(CUdeviceptr *, void *, unsigned);
};

/// cuStreamBeginCapture's mode: only this thread's calls are checked.
inline constexpr int kCaptureThreadLocal = 1;
/// cuMemHostRegister's flags: mapped into the device's address space.
inline constexpr unsigned kHostRegisterDeviceMap = 0x02;

/// The driver, initialised, with device 0's primary context current.
struct Driver {
  DriverApi api{};
  CUdevice device = 0;
  CUcontext context = nullptr;
  int version = 0;     ///< 12060 for CUDA 12.6
  int computeCapability = 0; ///< 87 for sm_87
  bool integrated = false;   ///< shares the host's memory (Jetson)
  bool mapsHostMemory = false; ///< can address registered host memory
  std::string name;

  /// "cuMemAlloc: CUDA_ERROR_OUT_OF_MEMORY" for a failed call.
  Status check(CUresult result, const char *call) const;
  /// For a failed allocation of `bytes` (`what`: "the arena"): the call's
  /// error, what was asked and what the device has free.
  Status allocationFailed(CUresult result, const char *what, uint64_t bytes) const;
};

/// The driver, loaded and initialised once per process; the error says why
/// not (no driver, no device, an initialisation failure).
Status cudaDriver(const Driver *&out);

} // namespace thymos::rt::cuda
