//===- DotKernels.h - The per-ISA dot-product kernels behind Quant.h --------===//
//
// Internal to runtime/quant: Dispatch.cpp picks one of these by Isa. Every
// ISA computes each block's integer dot product exactly in int32, so the
// block sums agree bit for bit. For Q8_0 weights the x86-64 ISAs keep
// DotScalar.cpp's eight f32 lanes and horizontal sum, so their results agree
// bit for bit, while NEON orders its sums over blocks its own way; for Q4_0
// every ISA sums a row's blocks with one fma per block in block order (see
// DotScalar.cpp), so the results agree bit for bit too.
//
//===----------------------------------------------------------------------===//
#pragma once

#include "runtime/quant/Quant.h"

namespace thymos::quant::kernels {

/// A tile of dot products: out[i * outStride + r] = weight row r · activation
/// row i, for r < weightRows and i < actRows; every row holds n elements.
struct Tile {
  const uint8_t *weights;
  size_t weightRowBytes;
  int64_t weightRows;
  const uint8_t *acts; // Q8_0
  size_t actRowBytes;
  int64_t actRows;
  int64_t n;
  float *out;
  int64_t outStride;
  const int32_t *actSums = nullptr; // activationSumsQ8_0() of each row, or null
};

using BlockSumsFn = void (*)(const uint8_t *weights, const uint8_t *acts, int64_t blocks,
                             int32_t *sums);
using TileFn = void (*)(const Tile &tile);

struct IsaKernels {
  BlockSumsFn blockSumsQ8_0;
  BlockSumsFn blockSumsQ4_0;
  TileFn tileQ8_0;
  TileFn tileQ4_0;
  /// Tile on packQ4_0Groups() layout (weights = the groups, weightRows a
  /// multiple of 8, actSums set), or null where the ISA has none.
  TileFn tileQ4_0Groups = nullptr;
  TileFn tileQ8_0Groups = nullptr; // on packQ8_0Groups() layout
};

extern const IsaKernels kScalar;
#if defined(__x86_64__)
/// quantizeActivationsQ8_0(), eight lanes wide, the same bits (AVX2).
void quantizeActivationsQ8_0Avx2(const float *x, void *blocks, int64_t n);
/// quantizeActivationsQ8_K(), eight lanes wide, the same bytes (AVX2).
void quantizeActivationsQ8_KAvx2(const float *x, void *blocks, int64_t n);
extern const IsaKernels kAvx2;
extern const IsaKernels kAvx512Vnni; // vpdpbusd, EVEX (AVX512_VNNI + AVX512VL).
extern const IsaKernels kAvxVnni;    // vpdpbusd, VEX (AVX-VNNI).
#endif
#if defined(__aarch64__)
extern const IsaKernels kNeon;        // Baseline ARMv8: vmull_s8 + vpadalq_s16.
extern const IsaKernels kNeonDotprod; // ARMv8.2 sdot (vdotq_s32).
/// Whether the CPU has the dotprod extension (HWCAP_ASIMDDP).
bool hasDotprod();
#endif

/// The scale at the start of a block, as f32.
inline float blockScale(const uint8_t *block) {
  return halfToFloat(static_cast<uint16_t>(block[0] | (block[1] << 8)));
}

} // namespace thymos::quant::kernels
