//===- KQuantDot.cpp - K-quant x Q8_K dot products: reference and dispatch -===//
//
// The scalar reference that every ISA matches bit for bit. Its arithmetic is
// that of ggml's AVX2 kernels (ggml-cpu/arch/x86/quants.c,
// ggml_vec_dot_q{4,5,6}_K_q8_K), so that results agree with llama.cpp's on
// x86 to the last bit (checked against its output in KQuantTest.cpp):
//  - Per super-block, eight int32 lanes: lane k sums, over the sub-blocks s,
//    scale_s times the products of elements 32s+4k .. 32s+4k+3 (Q4_K/Q5_K,
//    whose sub-blocks are 32 long); for Q6_K, elements 32c+4k .. 32c+4k+3 of
//    every chunk c of 32 times their sub-block's scale, with q unsigned
//    (0..63), minus 32 * (sc_2k * bsum_2k + sc_2k+1 * bsum_2k+1). Integer
//    sums are exact, so only their grouping into lanes matters.
//  - Each lane accumulates in f32: acc_k = fma(d_act * d_w, float(lane_k),
//    acc_k), over the super-blocks in order.
//  - The mins (Q4_K/Q5_K): m_k = min_2k * S_2k + min_2k+1 * S_2k+1 (S_s the
//    sum of sub-block s's activation quants, from the Q8_K group sums).
//    Q4_K keeps four f32 lanes, fma(-d_act * dmin_w, float(m_k), lane) per
//    super-block; Q5_K one f32 sum, fma(-d_act * dmin_w, float(m_0 + .. +
//    m_3), sum) (the fma GCC makes of ggml's summs += dmin * sum).
//  - The end: ((a0 + a4) + (a2 + a6)) + ((a1 + a5) + (a3 + a7)), plus the
//    mins: ((m0 + m2) + (m1 + m3)) for Q4_K, the one sum for Q5_K.
// llama.cpp may instead repack Q4_K rows eight at a time on AVX2
// (ggml-cpu/repack.cpp, q4_K 8x8), whose f32 sums run per pair of
// sub-blocks and per row; we do not follow that order: the row-major
// kernel's is the one matched here.
//
//===----------------------------------------------------------------------===//

#include "runtime/quant/DotKernels.h" // hasDotprod()
#include "runtime/quant/KQuantKernels.h"

#include <cmath>

namespace thymos::quant {

using namespace kernels;

namespace {

/// Q4_K/Q5_K element e's quant: nibble of byte 32 * (s / 2) + e % 32, low
/// for even sub-blocks s, plus 16 for bit s of qh[e % 32] (Q5_K).
inline int quantQ4_5K(const uint8_t *block, bool fifthBit, int e) {
  const int sub = e / 32, l = e % 32;
  const uint8_t *qs = block + (fifthBit ? kQ5_KQsAt : kQ4_KQsAt);
  int q = (qs[32 * (sub / 2) + l] >> (4 * (sub % 2))) & 0x0f;
  if (fifthBit)
    q |= ((block[kQ5_KQhAt + l] >> sub) & 1) << 4;
  return q;
}

/// Q6_K element e's quant, unsigned (0..63).
inline int quantQ6_K(const uint8_t *block, int e) {
  const int half = e / 128, quarter = (e % 128) / 32, l = e % 32;
  const int low = (block[64 * half + l + 32 * (quarter % 2)] >> (4 * (quarter / 2))) & 0x0f;
  const int high = (block[kQ6_KQhAt + 32 * half + l] >> (2 * quarter)) & 3;
  return low | (high << 4);
}

inline int act(const uint8_t *a, int e) { return static_cast<int8_t>(a[kQ8_KQsAt + e]); }

/// One row against one activation row: the lanes described at the top.
float dotRow(KFormat format, const uint8_t *w, const uint8_t *a, int64_t blocks) {
  const size_t blockBytes = kBlockBytes(format);
  float acc[8] = {}, mins[4] = {}, minSum = 0.0f;
  for (int64_t b = 0; b < blocks; ++b, w += blockBytes, a += kQ8_KBlockBytes) {
    int32_t lane[8] = {};
    if (format == KFormat::Q6_K) {
      const auto *scales = reinterpret_cast<const int8_t *>(w + kQ6_KScalesAt);
      for (int e = 0; e < kSuperBlockElems; ++e)
        lane[(e % 32) / 4] += scales[e / 16] * quantQ6_K(w, e) * act(a, e);
      for (int k = 0; k < 8; ++k)
        lane[k] -= 32 * (scales[2 * k] * q8KSum(a, 2 * k) +
                         scales[2 * k + 1] * q8KSum(a, 2 * k + 1));
      const float d = q8KScale(a) * halfAt(w + kQ6_KDAt);
      for (int k = 0; k < 8; ++k)
        acc[k] = std::fma(d, static_cast<float>(lane[k]), acc[k]);
      continue;
    }
    const bool fifthBit = format == KFormat::Q5_K;
    int scale[8], min[8];
    for (int s = 0; s < 8; ++s)
      scaleMinK(w + kKScalesAt, s, scale[s], min[s]);
    for (int e = 0; e < kSuperBlockElems; ++e)
      lane[(e % 32) / 4] += scale[e / 32] * quantQ4_5K(w, fifthBit, e) * act(a, e);
    // S_s in int16, wrapping as the vector code's pairwise add does (valid
    // Q8_K sums never come near: |S_s| <= 32 * 127).
    int16_t groupSum[8];
    for (int s = 0; s < 8; ++s)
      groupSum[s] = static_cast<int16_t>(q8KSum(a, 2 * s) + q8KSum(a, 2 * s + 1));
    int32_t m[4];
    for (int k = 0; k < 4; ++k)
      m[k] = min[2 * k] * groupSum[2 * k] + min[2 * k + 1] * groupSum[2 * k + 1];
    const float da = q8KScale(a);
    const float d = da * halfAt(w), dmin = -da * halfAt(w + 2);
    for (int k = 0; k < 8; ++k)
      acc[k] = std::fma(d, static_cast<float>(lane[k]), acc[k]);
    if (fifthBit) {
      minSum = std::fma(dmin, static_cast<float>(m[0] + m[1] + m[2] + m[3]), minSum);
      continue;
    }
    for (int k = 0; k < 4; ++k)
      mins[k] = std::fma(dmin, static_cast<float>(m[k]), mins[k]);
  }
  const float sum =
      ((acc[0] + acc[4]) + (acc[2] + acc[6])) + ((acc[1] + acc[5]) + (acc[3] + acc[7]));
  if (format == KFormat::Q4_K)
    return sum + ((mins[0] + mins[2]) + (mins[1] + mins[3]));
  if (format == KFormat::Q5_K)
    return sum + minSum;
  return sum;
}

void tile(const KTile &t, Isa isa) {
  if (isaSupported(isa)) {
#if defined(__x86_64__)
    if (isa == Isa::Avx512Vnni)
      return tileKAvx512Vnni(t);
    if (isa == Isa::AvxVnni)
      return tileKAvxVnni(t);
    if (isa == Isa::Avx2)
      return tileKAvx2(t);
#endif
#if defined(__aarch64__)
    if (isa == Isa::Neon) {
      // The same bits either way; sdot is simply faster.
      static const bool dotprod = hasDotprod();
      return dotprod ? tileKNeonDotprod(t) : tileKNeon(t);
    }
#endif
  }
  tileKScalar(t);
}

} // namespace

namespace kernels {

void tileKScalar(const KTile &t) {
  for (int64_t i = 0; i < t.actRows; ++i)
    for (int64_t r = 0; r < t.weightRows; ++r)
      t.out[i * t.outStride + r] = dotRow(t.format, t.weights + r * t.weightRowBytes,
                                          t.acts + i * t.actRowBytes, t.n / kSuperBlockElems);
}

} // namespace kernels

float dotKQ8_K(KFormat format, const void *weights, const void *activations, int64_t n,
               Isa isa) {
  float out = 0.0f;
  dotTileKQ8_K(format, weights, 0, 1, activations, 0, 1, n, &out, 0, isa);
  return out;
}

void dotTileKQ8_K(KFormat format, const void *weights, size_t weightRowBytes,
                  int64_t weightRows, const void *activations, size_t actRowBytes,
                  int64_t actRows, int64_t n, float *out, int64_t outStride, Isa isa) {
  tile({format, static_cast<const uint8_t *>(weights), weightRowBytes, weightRows,
        static_cast<const uint8_t *>(activations), actRowBytes, actRows, n, out, outStride},
       isa);
}

} // namespace thymos::quant
