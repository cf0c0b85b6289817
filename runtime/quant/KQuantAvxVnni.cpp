//===- KQuantAvxVnni.cpp - K-quant x Q8_K dot products with AVX-VNNI --------===//
//
// KQuantVnniRows.h and KQuantVnniPanels.h with the VEX vpdpwssd of CPUs
// that have it without AVX-512 (Alder Lake and later client cores): with 16
// vector registers, a prefill micro-kernel of 1 weight row x 4 activation
// rows. Bit-identical to the scalar reference.
//
// Compiled per function for this target (no global -march: KQuantDot.cpp
// asks isaSupported() before calling in here).
//
//===----------------------------------------------------------------------===//

#if defined(__x86_64__)

#include <immintrin.h>

#define THYMOS_KVNNI __attribute__((target("avx2,fma,f16c,avxvnni")))

namespace thymos::quant::kernels {
namespace {

THYMOS_KVNNI inline __m256i dpwssd(__m256i acc, __m256i p, __m256i s) {
  return _mm256_dpwssd_avx_epi32(acc, p, s);
}

constexpr int kPanelRows = 1, kPanelActs = 4;

} // namespace
} // namespace thymos::quant::kernels

#include "runtime/quant/KQuantVnniRows.h"
#include "runtime/quant/KQuantVnniPanels.h"

namespace thymos::quant::kernels {

THYMOS_KVNNI void tileKAvxVnni(const KTile &t) {
  if (t.actRows > 1 && t.n / kSuperBlockElems <= kPanelMaxBlocks) {
    switch (t.format) {
    case KFormat::Q4_K: return tilePanels<KFormat::Q4_K>(t);
    case KFormat::Q5_K: return tilePanels<KFormat::Q5_K>(t);
    case KFormat::Q6_K: return tilePanels<KFormat::Q6_K>(t);
    }
  }
  for (int64_t i = 0; i < t.actRows; ++i)
    tileRows(t, i);
}

} // namespace thymos::quant::kernels

#endif // __x86_64__
