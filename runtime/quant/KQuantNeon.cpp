//===- KQuantNeon.cpp - K-quant x Q8_K dot products on NEON ----------------===//
//
// Not written yet: on aarch64 the NEON entry runs the scalar reference, so
// its results are the scalar bits by construction.
//
//===----------------------------------------------------------------------===//

#if defined(__aarch64__)

#include "runtime/quant/KQuantKernels.h"

namespace thymos::quant::kernels {

void tileKNeon(const KTile &tile) { tileKScalar(tile); }

} // namespace thymos::quant::kernels

#endif // defined(__aarch64__)
