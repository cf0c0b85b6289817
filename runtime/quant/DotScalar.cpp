//===- DotScalar.cpp - Portable dot products of Q8_0/Q4_0 with Q8_0 --------===//
//
// The reference every other ISA must match: a block's dot product is a plain
// int32 sum of products (|sum| <= 32 * 128 * 128 = 2^19, no overflow); the
// f32 sums over blocks follow the arithmetic of llama.cpp's x86 kernels, so
// that a model gives its logits to the last bit or so (an activation that a
// 1-ulp difference rounds to the other int8 moves the logits by ~1e-3).
//
// Q8_0 rows keep eight f32 lanes: lane j is fma(d_w * d_a, sum of the
// products of elements 4j .. 4j+3, lane j) over the blocks in order; at the
// end lanes j and j+4 are added, then ((0 + 2) + (1 + 3)) (ggml-cpu/arch/x86/
// quants.c, ggml_vec_dot_q8_0_q8_0, and llamafile's tinyBLAS_Q0_AVX: the
// same lanes, fmas and horizontal sum).
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

/// Q8_0 rows (see the top of the file): eight f32 lanes, lane j summing the
/// products of elements 4j .. 4j+3 of every block with one fma per block,
/// then lanes j and j+4 added, then ((0 + 2) + (1 + 3)).
void tileQ8_0(const Tile &t) {
  const int64_t blocks = t.n / kBlockElems;
  for (int64_t i = 0; i < t.actRows; ++i) {
    const uint8_t *act = t.acts + i * t.actRowBytes;
    for (int64_t r = 0; r < t.weightRows; ++r) {
      const uint8_t *w = t.weights + r * t.weightRowBytes;
      float lane[8] = {};
      for (int64_t b = 0; b < blocks; ++b) {
        const uint8_t *wb = w + b * kQ8_0BlockBytes, *ab = act + b * kQ8_0BlockBytes;
        const float d = blockScale(wb) * blockScale(ab);
        for (int j = 0; j < 8; ++j) {
          int32_t quad = 0;
          for (int e = 4 * j; e < 4 * j + 4; ++e)
            quad += static_cast<int8_t>(wb[2 + e]) * static_cast<int8_t>(ab[2 + e]);
          lane[j] = std::fma(d, static_cast<float>(quad), lane[j]);
        }
      }
      const float half[4] = {lane[0] + lane[4], lane[1] + lane[5], lane[2] + lane[6],
                             lane[3] + lane[7]};
      t.out[i * t.outStride + r] = (half[0] + half[2]) + (half[1] + half[3]);
    }
  }
}

template <int32_t (*BlockSum)(const uint8_t *, const uint8_t *), size_t WeightBlockBytes>
void tile(const Tile &t) {
  const int64_t blocks = t.n / kBlockElems;
  for (int64_t i = 0; i < t.actRows; ++i) {
    const uint8_t *act = t.acts + i * t.actRowBytes;
    for (int64_t r = 0; r < t.weightRows; ++r) {
      const uint8_t *w = t.weights + r * t.weightRowBytes;
      float sum = 0.0f;
      for (int64_t b = 0; b < blocks; ++b) {
        const uint8_t *wb = w + b * WeightBlockBytes, *ab = act + b * kQ8_0BlockBytes;
        sum = std::fma(static_cast<float>(BlockSum(wb, ab)), blockScale(wb) * blockScale(ab),
                       sum);
      }
      t.out[i * t.outStride + r] = sum;
    }
  }
}

} // namespace

const IsaKernels kScalar = {
    blockSums<blockSumQ8_0, kQ8_0BlockBytes>,
    blockSums<blockSumQ4_0, kQ4_0BlockBytes>,
    tileQ8_0,
    tile<blockSumQ4_0, kQ4_0BlockBytes>,
};

} // namespace thymos::quant::kernels
