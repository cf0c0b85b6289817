//===- KQuantNeonDotprod.cpp - K-quant x Q8_K dot products with sdot ------===//
//
// Built with -march=armv8.2-a+dotprod (this file only, see CMakeLists.txt)
// and called only when the CPU reports HWCAP_ASIMDDP. vdotq_s32 gives the
// four int32 quads of two 16-byte vectors in one instruction, where the
// baseline path (KQuantNeon.cpp) needs four.
//
//===----------------------------------------------------------------------===//

#if defined(__aarch64__)
#if !defined(__ARM_FEATURE_DOTPROD)
#error "KQuantNeonDotprod.cpp must be compiled with -march=armv8.2-a+dotprod"
#endif

#include "runtime/quant/KQuantNeonLoops.h"

namespace thymos::quant::kernels {

namespace {

struct SdotQuads {
  static int32x4_t quads(int8x16_t w, int8x16_t a) {
    return vdotq_s32(vdupq_n_s32(0), w, a);
  }
};

} // namespace

void tileKNeonDotprod(const KTile &tile) { tileK<SdotQuads>(tile); }

} // namespace thymos::quant::kernels

#endif // defined(__aarch64__)
