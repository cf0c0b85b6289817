//===- CpuBackend.h - The CPU backend: interpreted kernels in host memory ---===//
//
// Runs each step through the CPU kernel table (Kernels.h): check() at load,
// run() in the step loop. Its memory is the process's own (MemorySpace::Host).
//
//===----------------------------------------------------------------------===//
#pragma once

#include "runtime/Backend.h"

namespace thymos::rt {

/// The one CPU backend; it holds no plan data.
const Backend &cpuBackend();

} // namespace thymos::rt
