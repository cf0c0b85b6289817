//===- DotNeonLoops.h - The NEON dot-product loops, over a block product ----===//
//
// Included by DotNeon.cpp (baseline ARMv8) and DotNeonDotprod.cpp (compiled
// for ARMv8.2 + dotprod): the loops are the same, only `Product::dot`, the
// exact int32 product of one weight block with one activation block,
// differs. Everything here has internal linkage, so the two builds of these
// templates never meet at link time.
//
// The hot loops: tileRow() unpacks a weight block once for up to four
// activation rows (matmul), tileColumn() loads an activation block once for
// four weight rows (matvec); each row has two f32 accumulators (even and odd
// blocks) so the FMA latency does not serialise it. Q4_0 instead sums each
// output's blocks with one fma per block, in block order (tileQ4_0Chain(),
// see DotScalar.cpp), which matches the scalar and AVX2 kernels bit for bit.
//
//===----------------------------------------------------------------------===//
#pragma once

#if defined(__aarch64__)

#include "runtime/quant/DotKernels.h"

#include <arm_neon.h>

#include <cmath>

namespace thymos::quant::kernels {
namespace {

inline float scaleOf(const uint8_t *block) {
  uint16_t bits = static_cast<uint16_t>(block[0] | (block[1] << 8));
  return vgetq_lane_f32(vcvt_f32_f16(vreinterpret_f16_u16(vdup_n_u16(bits))), 0);
}

inline int8x16_t load16(const uint8_t *at) { return vld1q_s8(reinterpret_cast<const int8_t *>(at)); }

/// An activation block's 32 quants, elements 0..15 and 16..31.
struct Act {
  int8x16_t lo, hi;
  explicit Act(const uint8_t *block) : lo(load16(block + 2)), hi(load16(block + 18)) {}
};

/// A weight block's 32 quants as signed bytes, elements 0..15 and 16..31.
struct Q8_0 {
  static constexpr size_t kBytes = kQ8_0BlockBytes;
  static constexpr bool kSmall = false; // |q| up to 128.
  int8x16_t lo, hi;
  explicit Q8_0(const uint8_t *block) : lo(load16(block + 2)), hi(load16(block + 18)) {}
};

/// Q4_0: the nibbles with the offset taken off, q - 8 in [-8, 7].
struct Q4_0 {
  static constexpr size_t kBytes = kQ4_0BlockBytes;
  static constexpr bool kSmall = true; // |q - 8| <= 8.
  int8x16_t lo, hi;
  explicit Q4_0(const uint8_t *block) {
    uint8x16_t packed = vld1q_u8(block + 2);
    int8x16_t eight = vdupq_n_s8(8);
    lo = vsubq_s8(vreinterpretq_s8_u8(vandq_u8(packed, vdupq_n_u8(0x0f))), eight);
    hi = vsubq_s8(vreinterpretq_s8_u8(vshrq_n_u8(packed, 4)), eight);
  }
};

template <typename Product, typename W>
void blockSums(const uint8_t *w, const uint8_t *a, int64_t blocks, int32_t *sums) {
  for (int64_t b = 0; b < blocks; ++b)
    sums[b] = vaddvq_s32(Product::dot(W(w + b * W::kBytes), Act(a + b * kQ8_0BlockBytes)));
}

/// One weight row against G activation rows (G <= 4): each weight block is
/// unpacked once.
template <typename Product, typename W, int G>
inline void rowStep(const uint8_t *w, const uint8_t *act, size_t actRowBytes, int64_t b,
                    float32x4_t *acc) {
  const uint8_t *wb = w + b * W::kBytes;
  const W weights(wb);
  const float dw = scaleOf(wb);
  for (int i = 0; i < G; ++i) {
    const uint8_t *ab = act + i * actRowBytes + b * kQ8_0BlockBytes;
    float32x4_t sums = vcvtq_f32_s32(Product::dot(weights, Act(ab)));
    acc[i] = vfmaq_n_f32(acc[i], sums, dw * scaleOf(ab));
  }
}

/// The loop over pairs of blocks keeps the even and odd accumulators at
/// constant indices, so they stay in registers.
template <typename Product, typename W, int G>
void tileRow(const uint8_t *w, const uint8_t *act, size_t actRowBytes, int64_t blocks,
             float *out, int64_t outStride) {
  float32x4_t even[G], odd[G];
  for (int i = 0; i < G; ++i)
    even[i] = odd[i] = vdupq_n_f32(0.0f);
  int64_t b = 0;
  for (; b + 2 <= blocks; b += 2) {
    rowStep<Product, W, G>(w, act, actRowBytes, b, even);
    rowStep<Product, W, G>(w, act, actRowBytes, b + 1, odd);
  }
  if (b < blocks)
    rowStep<Product, W, G>(w, act, actRowBytes, b, even);
  for (int i = 0; i < G; ++i)
    out[i * outStride] = vaddvq_f32(vaddq_f32(even[i], odd[i]));
}

/// R weight rows against one activation row (a matrix-vector product), in
/// tileRow()'s accumulation order, so results do not depend on the tiling.
template <typename Product, typename W, int R>
inline void columnStep(const uint8_t *w, size_t weightRowBytes, const uint8_t *act, int64_t b,
                       float32x4_t *acc) {
  const uint8_t *ab = act + b * kQ8_0BlockBytes;
  const Act a(ab);
  const float da = scaleOf(ab);
  for (int r = 0; r < R; ++r) {
    const uint8_t *wb = w + r * weightRowBytes + b * W::kBytes;
    float32x4_t sums = vcvtq_f32_s32(Product::dot(W(wb), a));
    acc[r] = vfmaq_n_f32(acc[r], sums, scaleOf(wb) * da);
  }
}

template <typename Product, typename W, int R>
void tileColumn(const uint8_t *w, size_t weightRowBytes, const uint8_t *act, int64_t blocks,
                float *out) {
  float32x4_t even[R], odd[R];
  for (int r = 0; r < R; ++r)
    even[r] = odd[r] = vdupq_n_f32(0.0f);
  int64_t b = 0;
  for (; b + 2 <= blocks; b += 2) {
    columnStep<Product, W, R>(w, weightRowBytes, act, b, even);
    columnStep<Product, W, R>(w, weightRowBytes, act, b + 1, odd);
  }
  if (b < blocks)
    columnStep<Product, W, R>(w, weightRowBytes, act, b, even);
  for (int r = 0; r < R; ++r)
    out[r] = vaddvq_f32(vaddq_f32(even[r], odd[r]));
}

template <typename Product, typename W> void tile(const Tile &t) {
  const int64_t blocks = t.n / kBlockElems;
  if (t.actRows == 1) {
    int64_t r = 0;
    for (; r + 4 <= t.weightRows; r += 4)
      tileColumn<Product, W, 4>(t.weights + r * t.weightRowBytes, t.weightRowBytes, t.acts,
                                blocks, t.out + r);
    for (; r < t.weightRows; ++r)
      tileColumn<Product, W, 1>(t.weights + r * t.weightRowBytes, t.weightRowBytes, t.acts,
                                blocks, t.out + r);
    return;
  }
  for (int64_t i = 0; i < t.actRows; i += 4) {
    const uint8_t *act = t.acts + i * t.actRowBytes;
    float *out = t.out + i * t.outStride;
    const int64_t group = t.actRows - i < 4 ? t.actRows - i : 4;
    for (int64_t r = 0; r < t.weightRows; ++r) {
      const uint8_t *w = t.weights + r * t.weightRowBytes;
      if (group == 1)
        tileRow<Product, W, 1>(w, act, t.actRowBytes, blocks, out + r, t.outStride);
      else if (group == 2)
        tileRow<Product, W, 2>(w, act, t.actRowBytes, blocks, out + r, t.outStride);
      else if (group == 3)
        tileRow<Product, W, 3>(w, act, t.actRowBytes, blocks, out + r, t.outStride);
      else
        tileRow<Product, W, 4>(w, act, t.actRowBytes, blocks, out + r, t.outStride);
    }
  }
}

/// Q4_0: out = fma(float(sum_b), d_w * d_a, out) over the blocks b in order,
/// from 0. Four outputs at a time: four weight rows sharing an activation
/// block (matvec), or four activation rows sharing a weight block (matmul).
template <typename Product> void tileQ4_0Chain(const Tile &t) {
  const int64_t blocks = t.n / kBlockElems;
  if (t.actRows == 1) {
    for (int64_t r = 0; r < t.weightRows; r += 4) {
      const int rows = t.weightRows - r < 4 ? static_cast<int>(t.weightRows - r) : 4;
      const uint8_t *w = t.weights + r * t.weightRowBytes;
      float acc[4] = {0.0f, 0.0f, 0.0f, 0.0f};
      for (int64_t b = 0; b < blocks; ++b) {
        const uint8_t *ab = t.acts + b * kQ8_0BlockBytes;
        const Act a(ab);
        const float da = scaleOf(ab);
        for (int k = 0; k < rows; ++k) {
          const uint8_t *wb = w + k * t.weightRowBytes + b * Q4_0::kBytes;
          const int32_t sum = vaddvq_s32(Product::dot(Q4_0(wb), a));
          acc[k] = std::fma(static_cast<float>(sum), scaleOf(wb) * da, acc[k]);
        }
      }
      for (int k = 0; k < rows; ++k)
        t.out[r + k] = acc[k];
    }
    return;
  }
  for (int64_t i = 0; i < t.actRows; i += 4) {
    const int group = t.actRows - i < 4 ? static_cast<int>(t.actRows - i) : 4;
    const uint8_t *act = t.acts + i * t.actRowBytes;
    for (int64_t r = 0; r < t.weightRows; ++r) {
      const uint8_t *w = t.weights + r * t.weightRowBytes;
      float acc[4] = {0.0f, 0.0f, 0.0f, 0.0f};
      for (int64_t b = 0; b < blocks; ++b) {
        const uint8_t *wb = w + b * Q4_0::kBytes;
        const Q4_0 weights(wb);
        const float dw = scaleOf(wb);
        for (int k = 0; k < group; ++k) {
          const uint8_t *ab = act + k * t.actRowBytes + b * kQ8_0BlockBytes;
          const int32_t sum = vaddvq_s32(Product::dot(weights, Act(ab)));
          acc[k] = std::fma(static_cast<float>(sum), dw * scaleOf(ab), acc[k]);
        }
      }
      for (int k = 0; k < group; ++k)
        t.out[(i + k) * t.outStride + r] = acc[k];
    }
  }
}

template <typename Product> constexpr IsaKernels makeKernels() {
  return {blockSums<Product, Q8_0>, blockSums<Product, Q4_0>, tile<Product, Q8_0>,
          tileQ4_0Chain<Product>};
}

} // namespace
} // namespace thymos::quant::kernels

#endif // __aarch64__
