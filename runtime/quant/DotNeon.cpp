//===- DotNeon.cpp - Q8_0/Q4_0 dot products on baseline ARMv8 NEON ----------===//
//
// Every ARMv8 core has this path. vmull_s8 multiplies eight int8 pairs into
// int16 (at most 128 * 128, exact) and vpadalq_s16 adds neighbouring int16
// pairs into int32 lanes. Q4_0 products are small (|q - 8| <= 8), so two of
// them share an int16 (vmull + vmlal, at most 2 * 8 * 128) before the
// widening add; Q8_0 products need one int16 each.
//
//===----------------------------------------------------------------------===//

#if defined(__aarch64__)

#include "runtime/quant/DotNeonLoops.h"

#include <sys/auxv.h>

#ifndef HWCAP_ASIMDDP
#define HWCAP_ASIMDDP (1 << 20) // The kernel's uapi asm/hwcap.h.
#endif

namespace thymos::quant::kernels {

bool hasDotprod() { return (getauxval(AT_HWCAP) & HWCAP_ASIMDDP) != 0; }

namespace {

struct WideningProduct {
  template <typename W> static int32x4_t dot(const W &w, const Act &a) {
    const int8x16_t a0 = a.lo, a1 = a.hi;
    int32x4_t acc = vdupq_n_s32(0);
    if (W::kSmall) {
      acc = vpadalq_s16(acc, vmlal_high_s8(vmull_s8(vget_low_s8(w.lo), vget_low_s8(a0)), w.lo, a0));
      return vpadalq_s16(acc, vmlal_high_s8(vmull_s8(vget_low_s8(w.hi), vget_low_s8(a1)), w.hi, a1));
    }
    acc = vpadalq_s16(acc, vmull_s8(vget_low_s8(w.lo), vget_low_s8(a0)));
    acc = vpadalq_s16(acc, vmull_high_s8(w.lo, a0));
    acc = vpadalq_s16(acc, vmull_s8(vget_low_s8(w.hi), vget_low_s8(a1)));
    return vpadalq_s16(acc, vmull_high_s8(w.hi, a1));
  }
};

} // namespace

constexpr IsaKernels kNeon = makeKernels<WideningProduct>();

} // namespace thymos::quant::kernels

#endif // __aarch64__
