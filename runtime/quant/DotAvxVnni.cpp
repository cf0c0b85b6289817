//===- DotAvxVnni.cpp - Q8_0/Q4_0 dot products with AVX-VNNI ----------------===//
//
// The VEX-encoded vpdpbusd of CPUs that have it without AVX-512 (Alder Lake
// and later client cores; Zen 4 has both): DotVnniLoops.h's kernels with
// the 16 vector registers of AVX2, hence smaller micro-kernels than
// DotAvx512Vnni.cpp's: 4 x 2 Q8_0 outputs (on Zen 4, 6% faster than 2 x 2
// or 3 x 2), 8 x 2 Q4_0 ones. Bit-identical to the scalar kernels.
//
// Compiled per function for this target (no global -march: Dispatch.cpp
// checks CPUID before calling in here).
//
//===----------------------------------------------------------------------===//

#if defined(__x86_64__)

#include <immintrin.h>

#define THYMOS_VNNI __attribute__((target("avx2,fma,f16c,avxvnni")))

namespace thymos::quant::kernels {
namespace {

THYMOS_VNNI inline __m256i dpbusd(__m256i acc, __m256i u, __m256i s) {
  return _mm256_dpbusd_avx_epi32(acc, u, s);
}

constexpr int kRows = 4, kActs = 2, kColumnRows = 4;

} // namespace
} // namespace thymos::quant::kernels

#include "runtime/quant/DotVnniLoops.h"
#include "runtime/quant/DotVnniGroups.h"

namespace thymos::quant::kernels {

const IsaKernels kAvxVnni = makeKernels();

} // namespace thymos::quant::kernels

#endif // __x86_64__
