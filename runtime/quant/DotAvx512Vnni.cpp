//===- DotAvx512Vnni.cpp - Q8_0/Q4_0 dot products with AVX-512 VNNI ---------===//
//
// vpdpbusd on 256-bit registers (AVX512_VNNI + AVX512VL): the lanes of
// DotVnniLoops.h are those of the AVX2 and scalar kernels, so the results
// are bit-identical, and the EVEX encoding gives the micro-kernels 32
// vector registers: 4 x 4 Q8_0 outputs, 8 x 4 Q4_0 ones (on Zen 4, 4 x 3 and
// 6 x 3 were no faster). 512-bit registers would not add throughput on a
// core that splits them in two (Zen 4) and would need a second horizontal
// sum order, so they are not used.
//
// Compiled per function for this target (no global -march: Dispatch.cpp
// checks CPUID, and the OS's AVX-512 state, before calling in here).
//
//===----------------------------------------------------------------------===//

#if defined(__x86_64__)

#include <immintrin.h>

#define THYMOS_VNNI                                                                             \
  __attribute__((target("avx2,fma,f16c,avx512f,avx512vl,avx512bw,avx512vnni")))

namespace thymos::quant::kernels {
namespace {

THYMOS_VNNI inline __m256i dpbusd(__m256i acc, __m256i u, __m256i s) {
  return _mm256_dpbusd_epi32(acc, u, s);
}

constexpr int kRows = 4, kActs = 4, kColumnRows = 8;

} // namespace
} // namespace thymos::quant::kernels

#include "runtime/quant/DotVnniLoops.h"
#include "runtime/quant/DotVnniGroups.h"

namespace thymos::quant::kernels {

const IsaKernels kAvx512Vnni = makeKernels();

} // namespace thymos::quant::kernels

#endif // __x86_64__
