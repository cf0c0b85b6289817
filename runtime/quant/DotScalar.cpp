//===- DotScalar.cpp - Portable dot products of Q8_0/Q4_0 with Q8_0 --------===//
//
// The reference every other ISA must match: a block's dot product is a plain
// int32 sum of products (|sum| <= 32 * 128 * 128 = 2^19, no overflow), then
// the f32 sum over blocks adds sum * (d_weight * d_act), as ggml does.
//
// Q4_0 rows sum over blocks in one f32 fused multiply-add per block, in
// block order: acc = fma(float(sum_b), d_weight_b * d_act_b, acc), from 0.
// That is the arithmetic of ggml's x86 kernels for Q4_0 weights, which
// llama.cpp repacks on any AVX2 CPU when the rows are a multiple of 8
// (ggml-cpu/arch/x86/repack.cpp: gemv_q4_b32_8x8_q8_0_lut_avx and
// gemm_q4_b32_8x8_q8_0_lut_avx, one lane per output). Every fma rounds once,
// so the AVX2 and NEON kernels give these results bit for bit. Where the
// CPU has no FMA unit std::fma is a (correct, slower) library routine.
//
//===----------------------------------------------------------------------===//

#include "runtime/quant/DotKernels.h"

#include <cmath>

namespace thymos::quant::kernels {

namespace {

int32_t blockSumQ8_0(const uint8_t *w, const uint8_t *a) {
  int32_t sum = 0;
  for (int j = 0; j < kBlockElems; ++j)
    sum += static_cast<int8_t>(w[2 + j]) * static_cast<int8_t>(a[2 + j]);
  return sum;
}

int32_t blockSumQ4_0(const uint8_t *w, const uint8_t *a) {
  int32_t sum = 0;
  for (int j = 0; j < kBlockElems / 2; ++j) {
    int lo = (w[2 + j] & 0x0f) - 8, hi = (w[2 + j] >> 4) - 8;
    sum += lo * static_cast<int8_t>(a[2 + j]) + hi * static_cast<int8_t>(a[2 + 16 + j]);
  }
  return sum;
}

template <int32_t (*BlockSum)(const uint8_t *, const uint8_t *), size_t WeightBlockBytes>
void blockSums(const uint8_t *w, const uint8_t *a, int64_t blocks, int32_t *sums) {
  for (int64_t b = 0; b < blocks; ++b)
    sums[b] = BlockSum(w + b * WeightBlockBytes, a + b * kQ8_0BlockBytes);
}

template <int32_t (*BlockSum)(const uint8_t *, const uint8_t *), size_t WeightBlockBytes,
          bool FusedChain>
void tile(const Tile &t) {
  const int64_t blocks = t.n / kBlockElems;
  for (int64_t i = 0; i < t.actRows; ++i) {
    const uint8_t *act = t.acts + i * t.actRowBytes;
    for (int64_t r = 0; r < t.weightRows; ++r) {
      const uint8_t *w = t.weights + r * t.weightRowBytes;
      float sum = 0.0f;
      for (int64_t b = 0; b < blocks; ++b) {
        const uint8_t *wb = w + b * WeightBlockBytes, *ab = act + b * kQ8_0BlockBytes;
        if constexpr (FusedChain)
          sum = std::fma(static_cast<float>(BlockSum(wb, ab)), blockScale(wb) * blockScale(ab),
                         sum);
        else
          sum += static_cast<float>(BlockSum(wb, ab)) * (blockScale(wb) * blockScale(ab));
      }
      t.out[i * t.outStride + r] = sum;
    }
  }
}

} // namespace

const IsaKernels kScalar = {
    blockSums<blockSumQ8_0, kQ8_0BlockBytes>,
    blockSums<blockSumQ4_0, kQ4_0BlockBytes>,
    tile<blockSumQ8_0, kQ8_0BlockBytes, false>,
    tile<blockSumQ4_0, kQ4_0BlockBytes, true>,
};

} // namespace thymos::quant::kernels
