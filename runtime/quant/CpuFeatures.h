//===- CpuFeatures.h - What the x86-64 CPU we run on supports ---------------===//
//
// Read with CPUID directly: __builtin_cpu_supports() has no "f16c" in every
// compiler we build with (clang 14 rejects it).
//
//===----------------------------------------------------------------------===//
#pragma once

#if defined(__x86_64__)
#include <cpuid.h>

namespace thymos::quant {

/// F16C: CPUID leaf 1, ECX bit 29.
inline bool cpuHasF16c() {
  unsigned eax, ebx, ecx, edx;
  return __get_cpuid(1, &eax, &ebx, &ecx, &edx) && (ecx & (1u << 29)) != 0;
}

} // namespace thymos::quant
#endif
