//===- CudaBackend.h - Running a plan's steps on a CUDA device --------------===//
//
// The backend for plans whose arena and state live in CUDA device memory
// (MemorySpace::CudaDevice). It needs the driver (CudaDriver.h), which it
// asks for in prepare(), before any memory is allocated, so a host without
// one gets "no CUDA driver: libcuda.so.1 not found" and nothing else.
//
//===----------------------------------------------------------------------===//
#pragma once

#include "runtime/Backend.h"

namespace thymos::rt {

const Backend &cudaBackend();

} // namespace thymos::rt
