//===- KQuantNeonLoops.h - The NEON K-quant loops, over a product ---------===//
//
// Included by KQuantNeon.cpp (baseline ARMv8) and KQuantNeonDotprod.cpp
// (compiled for ARMv8.2 + dotprod): the loops are the same, only
// `Product::quads(w, a)` differs, the int32x4 whose lane k is the exact sum
// of the products of bytes 4k .. 4k+3 of two 16-byte vectors. Everything
// here has internal linkage, so the two builds never meet at link time.
//
// The lanes and the f32 arithmetic are the scalar reference's (KQuantDot.cpp's
// header), hence its bits:
//  - a chunk of 32 elements is two vectors of 16: quads() of the first gives
//    lanes 0..3, of the second lanes 4..7, each times its sub-block's scale
//    (one scale for both in Q4_K/Q5_K, sub-blocks 2c and 2c+1 in Q6_K);
//    integer sums are exact, so this grouping gives the reference's lanes;
//  - Q6_K quants stay unsigned (0..63) and the 32 * scale * bsum offset
//    comes from the Q8_K group sums, as in the reference, so blocks whose
//    sums do not match their quants still give its bits;
//  - per super-block, one vfmaq_n_f32 per four lanes (the reference's fma
//    per lane), and the end sums in its association (vaddvq_f32 would add
//    neighbours first, which rounds differently).
// Decode streams the weights once; prefill (several activation rows) unpacks
// each weight super-block once for up to four activation rows, whose
// blocks stay in L1.
//
//===----------------------------------------------------------------------===//
#pragma once

#if defined(__aarch64__)

#include "runtime/quant/KQuantKernels.h"

#include <arm_neon.h>

#include <cmath>
#include <type_traits>

namespace thymos::quant::kernels {
namespace {

inline int8x16_t asS8(uint8x16_t v) { return vreinterpretq_s8_u8(v); }
inline int8x16_t loadS8(const uint8_t *at) { return asS8(vld1q_u8(at)); }

/// The f16 at `at` (little-endian), as f32: the exact conversion halfAt()
/// makes, in one instruction instead of a call.
inline float halfScale(const uint8_t *at) {
  const uint16_t bits = static_cast<uint16_t>(at[0] | (at[1] << 8));
  return vgetq_lane_f32(vcvt_f32_f16(vreinterpret_f16_u16(vdup_n_u16(bits))), 0);
}

/// A Q8_K block's 16 group sums, groups 0..7 and 8..15.
struct GroupSums {
  int16x8_t lo, hi;
  explicit GroupSums(const uint8_t *block)
      : lo(vreinterpretq_s16_u8(vld1q_u8(block + kQ8_KSumsAt))),
        hi(vreinterpretq_s16_u8(vld1q_u8(block + kQ8_KSumsAt + 16))) {}
};

/// One super-block's int32 lanes against one activation row: 0..3, 4..7.
struct Lanes {
  int32x4_t lo = vdupq_n_s32(0), hi = vdupq_n_s32(0);
};

/// (v0 + v2) + (v1 + v3).
inline float sumPairs(float32x4_t v) {
  const float32x2_t t = vadd_f32(vget_low_f32(v), vget_high_f32(v));
  return vget_lane_f32(t, 0) + vget_lane_f32(t, 1);
}

/// ((a0 + a4) + (a2 + a6)) + ((a1 + a5) + (a3 + a7)).
inline float sumLanes(float32x4_t lo, float32x4_t hi) { return sumPairs(vaddq_f32(lo, hi)); }

/// Calls f(std::integral_constant<int, I>()) for I = 0 .. N-1, so that a
/// loop index can pick a vector lane (the lane of vmlaq_laneq_s32 must be a
/// constant; a scale taken from memory would cost a load and a dup each).
template <int N, int I = 0, typename F> inline void forConst(F &&f) {
  if constexpr (I < N) {
    f(std::integral_constant<int, I>());
    forConst<N, I + 1>(f);
  }
}

/// The 6-bit scales and mins of a Q4_K/Q5_K block (KQuantKernels.h's
/// scaleMinK()), unpacked with four 32-bit masks and shifts: scales 0..3
/// and 4..7 as int32 lanes, the mins as int16s.
struct ScalesMins {
  int32x4_t scale[2];
  int16x8_t mins;
  explicit ScalesMins(const uint8_t *packed) {
    uint32_t w[3];
    std::memcpy(w, packed, sizeof w);
    const uint32_t low6 = 0x3f3f3f3f, low4 = 0x0f0f0f0f, top2 = 0x03030303;
    const uint32_t scales47 = (w[2] & low4) | (((w[0] >> 6) & top2) << 4);
    const uint32_t mins47 = ((w[2] >> 4) & low4) | (((w[1] >> 6) & top2) << 4);
    const uint64_t scales = (w[0] & low6) | static_cast<uint64_t>(scales47) << 32;
    const uint64_t minBytes = (w[1] & low6) | static_cast<uint64_t>(mins47) << 32;
    const int16x8_t scales16 = vreinterpretq_s16_u16(vmovl_u8(vcreate_u8(scales)));
    scale[0] = vmovl_s16(vget_low_s16(scales16));
    scale[1] = vmovl_high_s16(scales16);
    mins = vreinterpretq_s16_u16(vmovl_u8(vcreate_u8(minBytes)));
  }
};

/// m_k = min_2k * S_2k + min_2k+1 * S_2k+1, S_s the sum of groups 2s and
/// 2s+1 in int16 (wrapping as the reference's does).
inline int32x4_t minProducts(int16x8_t mins, const uint8_t *actBlock) {
  const GroupSums g(actBlock);
  const int16x8_t sub = vpaddq_s16(g.lo, g.hi);
  return vpaddq_s32(vmull_s16(vget_low_s16(mins), vget_low_s16(sub)),
                    vmull_high_s16(mins, sub));
}

/// 32 * (sc_2k * S_2k + sc_2k+1 * S_2k+1) for lanes 0..3 (lo) and 4..7
/// (hi): what q - 32 takes off each Q6_K lane.
inline Lanes offsetQ6_K(const int16x8_t *scales16, const uint8_t *actBlock) {
  const GroupSums g(actBlock);
  const int16x8_t sLo = scales16[0], sHi = scales16[1];
  Lanes off;
  off.lo = vpaddq_s32(vmull_s16(vget_low_s16(sLo), vget_low_s16(g.lo)),
                      vmull_high_s16(sLo, g.lo));
  off.hi = vpaddq_s32(vmull_s16(vget_low_s16(sHi), vget_low_s16(g.hi)),
                      vmull_high_s16(sHi, g.hi));
  off.lo = vshlq_n_s32(off.lo, 5);
  off.hi = vshlq_n_s32(off.hi, 5);
  return off;
}

/// A Q4_K/Q5_K weight row against G activation rows (G <= 4), written to
/// out[i * outStride].
template <typename Product, bool FifthBit, int G>
void rowQ4_5K(const uint8_t *w, const uint8_t *act, size_t actRowBytes, int64_t blocks,
              float *out, int64_t outStride) {
  constexpr size_t kBytes = FifthBit ? kQ5_KBlockBytes : kQ4_KBlockBytes;
  constexpr size_t kQs = FifthBit ? kQ5_KQsAt : kQ4_KQsAt;
  const uint8x16_t nibble = vdupq_n_u8(0x0f), sixteen = vdupq_n_u8(16);
  float32x4_t accLo[G], accHi[G], accMins[G];
  float minSum[G];
  for (int i = 0; i < G; ++i) {
    accLo[i] = accHi[i] = accMins[i] = vdupq_n_f32(0.0f);
    minSum[i] = 0.0f;
  }
  for (int64_t b = 0; b < blocks; ++b, w += kBytes) {
    const uint8_t *a[G];
    for (int i = 0; i < G; ++i)
      a[i] = act + i * actRowBytes + b * kQ8_KBlockBytes;
    const ScalesMins sm(w + kKScalesAt);
    uint8x16_t high0 = vdupq_n_u8(0), high1 = vdupq_n_u8(0);
    if (FifthBit) {
      high0 = vld1q_u8(w + kQ5_KQhAt);
      high1 = vld1q_u8(w + kQ5_KQhAt + 16);
    }
    Lanes lanes[G];
    // Bytes 32j .. 32j+31: sub-block 2j in the low nibbles, 2j+1 in the
    // high; their scales are lanes 2j % 4 and 2j % 4 + 1 of sm.scale[j / 2].
    forConst<4>([&](auto jConst) {
      constexpr int j = decltype(jConst)::value, lane = 2 * j % 4;
      const uint8x16_t bits0 = vld1q_u8(w + kQs + 32 * j);
      const uint8x16_t bits1 = vld1q_u8(w + kQs + 32 * j + 16);
      uint8x16_t lo0 = vandq_u8(bits0, nibble), lo1 = vandq_u8(bits1, nibble);
      uint8x16_t hi0 = vshrq_n_u8(bits0, 4), hi1 = vshrq_n_u8(bits1, 4);
      if (FifthBit) { // Bits 2j and 2j+1 of qh, moved to bit 4.
        lo0 = vorrq_u8(lo0, vandq_u8(vshlq_n_u8(high0, 4), sixteen));
        lo1 = vorrq_u8(lo1, vandq_u8(vshlq_n_u8(high1, 4), sixteen));
        hi0 = vorrq_u8(hi0, vandq_u8(vshlq_n_u8(high0, 3), sixteen));
        hi1 = vorrq_u8(hi1, vandq_u8(vshlq_n_u8(high1, 3), sixteen));
        high0 = vshrq_n_u8(high0, 2);
        high1 = vshrq_n_u8(high1, 2);
      }
      const int32x4_t sc = sm.scale[j / 2];
      for (int i = 0; i < G; ++i) {
        const uint8_t *qa = a[i] + kQ8_KQsAt + 64 * j;
        Lanes &l = lanes[i];
        l.lo = vmlaq_laneq_s32(l.lo, Product::quads(asS8(lo0), loadS8(qa)), sc, lane);
        l.hi = vmlaq_laneq_s32(l.hi, Product::quads(asS8(lo1), loadS8(qa + 16)), sc, lane);
        l.lo = vmlaq_laneq_s32(l.lo, Product::quads(asS8(hi0), loadS8(qa + 32)), sc, lane + 1);
        l.hi = vmlaq_laneq_s32(l.hi, Product::quads(asS8(hi1), loadS8(qa + 48)), sc, lane + 1);
      }
    });
    const float dw = halfScale(w), dminw = halfScale(w + 2);
    for (int i = 0; i < G; ++i) {
      const int32x4_t m = minProducts(sm.mins, a[i]);
      const float da = q8KScale(a[i]);
      const float d = da * dw, dmin = -da * dminw;
      accLo[i] = vfmaq_n_f32(accLo[i], vcvtq_f32_s32(lanes[i].lo), d);
      accHi[i] = vfmaq_n_f32(accHi[i], vcvtq_f32_s32(lanes[i].hi), d);
      if (FifthBit)
        minSum[i] = std::fma(dmin, static_cast<float>(vaddvq_s32(m)), minSum[i]);
      else
        accMins[i] = vfmaq_n_f32(accMins[i], vcvtq_f32_s32(m), dmin);
    }
  }
  for (int i = 0; i < G; ++i)
    out[i * outStride] =
        sumLanes(accLo[i], accHi[i]) + (FifthBit ? minSum[i] : sumPairs(accMins[i]));
}

/// A Q6_K weight row against G activation rows (G <= 4).
template <typename Product, int G>
void rowQ6_K(const uint8_t *w, const uint8_t *act, size_t actRowBytes, int64_t blocks,
             float *out, int64_t outStride) {
  const uint8x16_t nibble = vdupq_n_u8(0x0f), top = vdupq_n_u8(0x30);
  float32x4_t accLo[G], accHi[G];
  for (int i = 0; i < G; ++i)
    accLo[i] = accHi[i] = vdupq_n_f32(0.0f);
  for (int64_t b = 0; b < blocks; ++b, w += kQ6_KBlockBytes) {
    const uint8_t *a[G];
    for (int i = 0; i < G; ++i)
      a[i] = act + i * actRowBytes + b * kQ8_KBlockBytes;
    const int8x16_t scales = vld1q_s8(reinterpret_cast<const int8_t *>(w + kQ6_KScalesAt));
    const int16x8_t scales16[2] = {vmovl_s8(vget_low_s8(scales)), vmovl_high_s8(scales)};
    const int32x4_t scale[4] = {
        vmovl_s16(vget_low_s16(scales16[0])), vmovl_high_s16(scales16[0]),
        vmovl_s16(vget_low_s16(scales16[1])), vmovl_high_s16(scales16[1])};
    Lanes lanes[G];
    // Half h holds chunks 4h .. 4h+3: the low nibbles of ql[64h ..] and
    // ql[64h + 32 ..], then their high nibbles; bit pairs 0..3 of qh[32h ..]
    // are the top two bits of each. Vector v is bytes 16v .. 16v+15 of a
    // chunk: sub-block s = 2c + v (its scale lane s % 4 of scale[s / 4]),
    // lanes lo (v = 0) or hi (v = 1).
    forConst<4>([&](auto hvConst) {
      constexpr int h = decltype(hvConst)::value / 2, v = decltype(hvConst)::value % 2;
      const uint8x16_t bits0 = vld1q_u8(w + 64 * h + 16 * v);
      const uint8x16_t bits1 = vld1q_u8(w + 64 * h + 32 + 16 * v);
      const uint8x16_t high = vld1q_u8(w + kQ6_KQhAt + 32 * h + 16 * v);
      const int8x16_t q[4] = {
          asS8(vorrq_u8(vandq_u8(bits0, nibble), vandq_u8(vshlq_n_u8(high, 4), top))),
          asS8(vorrq_u8(vandq_u8(bits1, nibble), vandq_u8(vshlq_n_u8(high, 2), top))),
          asS8(vorrq_u8(vshrq_n_u8(bits0, 4), vandq_u8(high, top))),
          asS8(vorrq_u8(vshrq_n_u8(bits1, 4), vandq_u8(vshrq_n_u8(high, 2), top)))};
      forConst<4>([&](auto kConst) {
        constexpr int chunk = 4 * h + decltype(kConst)::value, sub = 2 * chunk + v;
        for (int i = 0; i < G; ++i) {
          const int8x16_t qa = loadS8(a[i] + kQ8_KQsAt + 32 * chunk + 16 * v);
          int32x4_t &l = v == 0 ? lanes[i].lo : lanes[i].hi;
          l = vmlaq_laneq_s32(l, Product::quads(q[chunk % 4], qa), scale[sub / 4], sub % 4);
        }
      });
    });
    const float dw = halfScale(w + kQ6_KDAt);
    for (int i = 0; i < G; ++i) {
      const Lanes off = offsetQ6_K(scales16, a[i]);
      const float d = q8KScale(a[i]) * dw;
      accLo[i] = vfmaq_n_f32(accLo[i], vcvtq_f32_s32(vsubq_s32(lanes[i].lo, off.lo)), d);
      accHi[i] = vfmaq_n_f32(accHi[i], vcvtq_f32_s32(vsubq_s32(lanes[i].hi, off.hi)), d);
    }
  }
  for (int i = 0; i < G; ++i)
    out[i * outStride] = sumLanes(accLo[i], accHi[i]);
}

template <typename Product, int G>
void rowK(KFormat format, const uint8_t *w, const uint8_t *act, size_t actRowBytes,
          int64_t blocks, float *out, int64_t outStride) {
  switch (format) {
  case KFormat::Q4_K:
    return rowQ4_5K<Product, false, G>(w, act, actRowBytes, blocks, out, outStride);
  case KFormat::Q5_K:
    return rowQ4_5K<Product, true, G>(w, act, actRowBytes, blocks, out, outStride);
  case KFormat::Q6_K:
    return rowQ6_K<Product, G>(w, act, actRowBytes, blocks, out, outStride);
  }
}

/// Activation rows four at a time (the rest 1..3), every weight row against
/// each group.
template <typename Product> void tileK(const KTile &t) {
  const int64_t blocks = t.n / kSuperBlockElems;
  for (int64_t i = 0; i < t.actRows; i += 4) {
    const uint8_t *act = t.acts + i * t.actRowBytes;
    float *out = t.out + i * t.outStride;
    const int64_t group = t.actRows - i < 4 ? t.actRows - i : 4;
    for (int64_t r = 0; r < t.weightRows; ++r) {
      const uint8_t *w = t.weights + r * t.weightRowBytes;
      if (group == 1)
        rowK<Product, 1>(t.format, w, act, t.actRowBytes, blocks, out + r, t.outStride);
      else if (group == 2)
        rowK<Product, 2>(t.format, w, act, t.actRowBytes, blocks, out + r, t.outStride);
      else if (group == 3)
        rowK<Product, 3>(t.format, w, act, t.actRowBytes, blocks, out + r, t.outStride);
      else
        rowK<Product, 4>(t.format, w, act, t.actRowBytes, blocks, out + r, t.outStride);
    }
  }
}

} // namespace
} // namespace thymos::quant::kernels

#endif // defined(__aarch64__)
