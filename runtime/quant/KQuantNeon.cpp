//===- KQuantNeon.cpp - K-quant x Q8_K dot products on baseline NEON ------===//
//
// Every ARMv8 core has this path (KQuantNeonDotprod.cpp replaces it where
// the CPU has sdot). vmull_s8 multiplies eight byte pairs into int16; with
// K-quant weights unsigned (at most 63) and activations at least -128, two
// neighbouring products add up to at most 2 * 63 * 128 < 2^15, so one
// vpaddq_s16 stays exact before vpaddlq_s16 widens the quads to int32.
//
//===----------------------------------------------------------------------===//

#if defined(__aarch64__)

#include "runtime/quant/KQuantNeonLoops.h"

namespace thymos::quant::kernels {

namespace {

struct WideningQuads {
  static int32x4_t quads(int8x16_t w, int8x16_t a) {
    const int16x8_t pairs = vpaddq_s16(vmull_s8(vget_low_s8(w), vget_low_s8(a)),
                                       vmull_high_s8(w, a));
    return vpaddlq_s16(pairs);
  }
};

} // namespace

void tileKNeon(const KTile &tile) { tileK<WideningQuads>(tile); }

} // namespace thymos::quant::kernels

#endif // defined(__aarch64__)
