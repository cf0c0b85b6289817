//===- CpuFeatures.h - What the x86-64 CPU we run on supports ---------------===//
//
// Read with CPUID directly: __builtin_cpu_supports() has no "f16c" in every
// compiler we build with (clang 14 rejects it), nor "avxvnni". Registers
// wider than SSE's also need the OS to save them on a context switch, which
// XGETBV reports (XCR0); CPUID alone does not say so.
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

/// The state components the OS saves (XCR0), or 0 without OSXSAVE.
inline unsigned long long osSavedState() {
  unsigned eax, ebx, ecx, edx;
  if (!__get_cpuid(1, &eax, &ebx, &ecx, &edx) || (ecx & (1u << 27)) == 0)
    return 0;
  unsigned lo, hi;
  __asm__("xgetbv" : "=a"(lo), "=d"(hi) : "c"(0));
  return (static_cast<unsigned long long>(hi) << 32) | lo;
}

/// AVX512F, AVX512BW, AVX512VL and AVX512_VNNI (CPUID leaf 7: EBX bits 16,
/// 30, 31; ECX bit 11), with the OS saving the opmask and all 32 vector
/// registers (XCR0 bits 1, 2, 5, 6, 7).
inline bool cpuHasAvx512Vnni() {
  unsigned eax, ebx, ecx, edx;
  if (!__get_cpuid_count(7, 0, &eax, &ebx, &ecx, &edx))
    return false;
  const unsigned ebxBits = (1u << 16) | (1u << 30) | (1u << 31);
  return (ebx & ebxBits) == ebxBits && (ecx & (1u << 11)) != 0 &&
         (osSavedState() & 0xe6) == 0xe6;
}

/// AVX-VNNI (CPUID leaf 7 subleaf 1, EAX bit 4), with the OS saving the
/// 256-bit registers (XCR0 bits 1, 2).
inline bool cpuHasAvxVnni() {
  unsigned eax, ebx, ecx, edx;
  return __get_cpuid_count(7, 1, &eax, &ebx, &ecx, &edx) && (eax & (1u << 4)) != 0 &&
         (osSavedState() & 0x6) == 0x6;
}

} // namespace thymos::quant
#endif
