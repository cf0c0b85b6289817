//===- DotNeonDotprod.cpp - Q8_0/Q4_0 dot products with ARMv8.2 sdot --------===//
//
// Built with -march=armv8.2-a+dotprod (this file only, see CMakeLists.txt)
// and called only when the CPU reports HWCAP_ASIMDDP, as the Jetson Orin's
// Cortex-A78AE does. vdotq_s32 adds four int8 products straight into each
// int32 lane: exact, and a quarter of the widening path's instructions.
//
//===----------------------------------------------------------------------===//

#if defined(__aarch64__)
#if !defined(__ARM_FEATURE_DOTPROD)
#error "DotNeonDotprod.cpp must be compiled with -march=armv8.2-a+dotprod"
#endif

#include "runtime/quant/DotNeonLoops.h"

namespace thymos::quant::kernels {

namespace {

struct SdotProduct {
  template <typename W> static int32x4_t dot(const W &w, const Act &a) {
    return vdotq_s32(vdotq_s32(vdupq_n_s32(0), w.lo, a.lo), w.hi, a.hi);
  }
};

} // namespace

constexpr IsaKernels kNeonDotprod = makeKernels<SdotProduct>();

} // namespace thymos::quant::kernels

#endif // __aarch64__
