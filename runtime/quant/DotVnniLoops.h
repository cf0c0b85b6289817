//===- DotVnniLoops.h - Q8_0/Q4_0 dot products over vpdpbusd ----------------===//
//
// Included by DotAvx512Vnni.cpp (EVEX encoding, 32 vector registers) and
// DotAvxVnni.cpp (VEX, 16 registers). The includer defines, before the
// include: THYMOS_VNNI, the target attribute every function here carries;
// dpbusd(acc, u, s), its vpdpbusd on 256-bit registers; and the register
// blocking kRows (Q8_0 weight rows per matmul micro-kernel), kActs
// (activation rows per micro-kernel) and kColumnRows (Q8_0 weight rows per
// matvec chain). Everything has internal linkage, so the two builds of these
// templates never meet at link time.
//
// Exactness: vpdpbusd adds to each int32 lane the four products of unsigned
// bytes u with signed bytes s, without saturation; one call adds at most
// 4 * 255 * 128 in magnitude, so every sum here is exact for any bytes.
//  - Q8_0: the weights are signed, so they go in as (w XOR 0x80) = w + 128
//    read unsigned, and dpbusd starts from bias = -128 * (the activations'
//    sums of four): lane j is exactly the sum of w * a over elements
//    4j .. 4j+3, the lane of DotScalar.cpp's Q8_0 sum, in place (AVX2's hadd
//    permutes them). The bias depends on the activation block alone; every
//    weight row shares it.
//  - Q4_0: the 16 bytes go in both 128-bit halves; the low half keeps the
//    low nibbles q (elements 0..15), the high half the high nibbles where
//    they are, 16 * q (elements 16..31), which saves a shift. The bias takes
//    off 8 * a in the low half and 16 * 8 * a in the high one, so the high
//    half sums 16 * (q - 8) * a: exact multiples of 16, divided by an
//    arithmetic shift when the block totals are formed (exact).
// The f32 arithmetic is DotScalar.cpp's, operation for operation: Q8_0 keeps
// eight lanes per output with one fma per block, Q4_0 one lane per output
// with one fma per block, so the results equal the scalar ones bit for bit.
//
// The hot loops are register-blocked micro-kernels: q8Tile() runs R weight
// rows against G activation rows (matmul: each block loaded once for the
// R * G outputs; matvec: G = 1), q4Tile8() eight Q4_0 rows, whose block
// totals fill one vector, against G activation rows. All of them prefetch.
// The lane-per-row kernels (weights repacked in groups of eight rows) are in
// DotVnniGroups.h, which the includer includes next.
//
//===----------------------------------------------------------------------===//
#pragma once

#if defined(__x86_64__)

#include "runtime/quant/DotKernels.h"

#include <immintrin.h>

#include <utility>

namespace thymos::quant::kernels {
namespace {

THYMOS_VNNI inline float scaleOf(const uint8_t *block) {
  return _cvtsh_ss(static_cast<unsigned short>(block[0] | (block[1] << 8)));
}

THYMOS_VNNI inline int halfBits(const uint8_t *block) { return block[0] | (block[1] << 8); }

THYMOS_VNNI inline __m256i load256(const uint8_t *at) {
  return _mm256_loadu_si256(reinterpret_cast<const __m256i *>(at));
}

THYMOS_VNNI inline __m128i load128(const uint8_t *at) {
  return _mm_loadu_si128(reinterpret_cast<const __m128i *>(at));
}

THYMOS_VNNI inline int32_t sum4(__m128i s) {
  s = _mm_add_epi32(s, _mm_shuffle_epi32(s, 0x4e));
  s = _mm_add_epi32(s, _mm_shuffle_epi32(s, 0xb1));
  return _mm_cvtsi128_si32(s);
}

/// ggml's horizontal sum of eight f32 lanes: j + (j + 4), then
/// ((0 + 2) + (1 + 3)).
THYMOS_VNNI inline float sumFloat8(__m256 v) {
  __m128 s = _mm_add_ps(_mm256_castps256_ps128(v), _mm256_extractf128_ps(v, 1));
  s = _mm_add_ps(s, _mm_movehl_ps(s, s));
  s = _mm_add_ss(s, _mm_movehdup_ps(s));
  return _mm_cvtss_f32(s);
}

/// An activation block ready for dpbusd: its 32 quants and the lanes the
/// products are added to (the weight format's bias).
struct Act {
  __m256i a, bias;
};

struct Q8_0 {
  static constexpr size_t kBytes = kQ8_0BlockBytes;

  THYMOS_VNNI static Act act(const uint8_t *block) {
    const __m256i a = load256(block + 2);
    const __m256i sums128 = dpbusd(_mm256_setzero_si256(), _mm256_set1_epi8(char(0x80)), a);
    return {a, _mm256_sub_epi32(_mm256_setzero_si256(), sums128)};
  }

  /// w + 128 as unsigned bytes.
  THYMOS_VNNI static __m256i weights(const uint8_t *block) {
    return _mm256_xor_si256(load256(block + 2), _mm256_set1_epi8(char(0x80)));
  }

  THYMOS_VNNI static int32_t total(__m256i quads) {
    return sum4(_mm_add_epi32(_mm256_castsi256_si128(quads), _mm256_extracti128_si256(quads, 1)));
  }
};

struct Q4_0 {
  static constexpr size_t kBytes = kQ4_0BlockBytes;

  THYMOS_VNNI static Act act(const uint8_t *block) {
    const __m256i a = load256(block + 2);
    const __m256i offsets = _mm256_set_m128i(_mm_set1_epi8(char(0x80)), _mm_set1_epi8(8));
    return {a, _mm256_sub_epi32(_mm256_setzero_si256(),
                                dpbusd(_mm256_setzero_si256(), offsets, a))};
  }

  /// The low nibbles in the low half, the high nibbles (times 16) in the high.
  THYMOS_VNNI static __m256i weights(const uint8_t *block) {
    const __m256i both = _mm256_broadcastsi128_si256(load128(block + 2));
    return _mm256_and_si256(both,
                            _mm256_set_m128i(_mm_set1_epi8(char(0xf0)), _mm_set1_epi8(0x0f)));
  }

  THYMOS_VNNI static int32_t total(__m256i quads) {
    return sum4(_mm256_castsi256_si128(quads)) +
           (sum4(_mm256_extracti128_si256(quads, 1)) >> 4);
  }
};

template <typename W>
THYMOS_VNNI void blockSums(const uint8_t *w, const uint8_t *a, int64_t blocks, int32_t *sums) {
  for (int64_t b = 0; b < blocks; ++b) {
    const Act act = W::act(a + b * kQ8_0BlockBytes);
    sums[b] = W::total(dpbusd(act.bias, W::weights(w + b * W::kBytes), act.a));
  }
}

/// A chain streams R short rows side by side (a Q4_0 row of k = 4096 is 36
/// cache lines), too short for the hardware prefetchers to lock on to each:
/// while it runs over rows r .. r + R - 1, it asks for the same blocks of
/// the next R rows, the next chain's, which arrive a whole chain ahead. On
/// Zen 4 this made the q4_0 matvec from DRAM 1.6x faster than asking 768
/// bytes ahead in the same rows, and the matmul (whose first pass over a
/// task's weight rows reads them from memory) 1.15-1.2x faster than not
/// prefetching. Once per two blocks: about a cache line.
template <int R>
THYMOS_VNNI inline void prefetchNextRows(const uint8_t *at, size_t weightRowBytes) {
  for (int r = R; r < 2 * R; ++r)
    _mm_prefetch(reinterpret_cast<const char *>(at + r * weightRowBytes), _MM_HINT_T0);
}

/// Q8_0, R weight rows against G activation rows: out[i * outStride + r].
/// Each output keeps eight f32 lanes, one fma per block.
template <int R, int G>
THYMOS_VNNI void q8Tile(const uint8_t *w, size_t weightRowBytes, const uint8_t *act,
                        size_t actRowBytes, int64_t blocks, float *out, int64_t outStride) {
  __m256 acc[R][G];
  for (int r = 0; r < R; ++r)
    for (int i = 0; i < G; ++i)
      acc[r][i] = _mm256_setzero_ps();
  for (int64_t b = 0; b < blocks; ++b) {
    if ((b & 1) == 0)
      prefetchNextRows<R>(w + b * kQ8_0BlockBytes, weightRowBytes);
    Act a[G];
    __m256 da[G];
    for (int i = 0; i < G; ++i) {
      const uint8_t *ab = act + i * actRowBytes + b * kQ8_0BlockBytes;
      a[i] = Q8_0::act(ab);
      da[i] = _mm256_set1_ps(scaleOf(ab));
    }
    for (int r = 0; r < R; ++r) {
      const uint8_t *wb = w + r * weightRowBytes + b * kQ8_0BlockBytes;
      const __m256i q = Q8_0::weights(wb);
      const __m256 dw = _mm256_set1_ps(scaleOf(wb));
      for (int i = 0; i < G; ++i) {
        const __m256 quads = _mm256_cvtepi32_ps(dpbusd(a[i].bias, q, a[i].a));
        acc[r][i] = _mm256_fmadd_ps(_mm256_mul_ps(dw, da[i]), quads, acc[r][i]);
      }
    }
  }
  for (int r = 0; r < R; ++r)
    for (int i = 0; i < G; ++i)
      out[i * outStride + r] = sumFloat8(acc[r][i]);
}

/// The Q4_0 block totals of eight outputs from their dpbusd lanes (p[k] for
/// output k): each half summed, the high halves divided by 16, then added.
THYMOS_VNNI inline __m256i q4Totals8(const __m256i *p) {
  const __m256i s0123 =
      _mm256_hadd_epi32(_mm256_hadd_epi32(p[0], p[1]), _mm256_hadd_epi32(p[2], p[3]));
  const __m256i s4567 =
      _mm256_hadd_epi32(_mm256_hadd_epi32(p[4], p[5]), _mm256_hadd_epi32(p[6], p[7]));
  const __m256i low = _mm256_permute2x128_si256(s0123, s4567, 0x20);
  const __m256i high = _mm256_permute2x128_si256(s0123, s4567, 0x31);
  return _mm256_add_epi32(low, _mm256_srai_epi32(high, 4));
}

/// The same for four outputs.
THYMOS_VNNI inline __m128i q4Totals4(const __m256i *p) {
  const __m256i s =
      _mm256_hadd_epi32(_mm256_hadd_epi32(p[0], p[1]), _mm256_hadd_epi32(p[2], p[3]));
  return _mm_add_epi32(_mm256_castsi256_si128(s),
                       _mm_srai_epi32(_mm256_extracti128_si256(s, 1), 4));
}

/// The scales of block `at` of eight rows, as f16 bits (the insert takes an
/// immediate lane index, hence the pack expansion).
template <int... Rows>
THYMOS_VNNI inline __m128i halves8(const uint8_t *at, size_t weightRowBytes,
                                   std::integer_sequence<int, Rows...>) {
  __m128i h = _mm_setzero_si128();
  ((h = _mm_insert_epi16(h, halfBits(at + Rows * weightRowBytes), Rows)), ...);
  return h;
}

/// Q4_0, eight weight rows against G activation rows: lane r of acc[i] is
/// the chain of output (i, r), fma(total, d_w * d_a, lane) per block.
template <int G>
THYMOS_VNNI void q4Tile8(const uint8_t *w, size_t weightRowBytes, const uint8_t *act,
                         size_t actRowBytes, int64_t blocks, float *out, int64_t outStride) {
  __m256 acc[G];
  for (int i = 0; i < G; ++i)
    acc[i] = _mm256_setzero_ps();
  for (int64_t b = 0; b < blocks; ++b) {
    const uint8_t *wb = w + b * kQ4_0BlockBytes;
    if ((b & 1) == 0)
      prefetchNextRows<8>(wb, weightRowBytes);
    __m256i q[8];
    for (int r = 0; r < 8; ++r)
      q[r] = Q4_0::weights(wb + r * weightRowBytes);
    const __m256 dw =
        _mm256_cvtph_ps(halves8(wb, weightRowBytes, std::make_integer_sequence<int, 8>()));
    for (int i = 0; i < G; ++i) {
      const uint8_t *ab = act + i * actRowBytes + b * kQ8_0BlockBytes;
      const Act a = Q4_0::act(ab);
      __m256i p[8];
      for (int r = 0; r < 8; ++r)
        p[r] = dpbusd(a.bias, q[r], a.a);
      const __m256 d = _mm256_mul_ps(dw, _mm256_set1_ps(scaleOf(ab)));
      acc[i] = _mm256_fmadd_ps(_mm256_cvtepi32_ps(q4Totals8(p)), d, acc[i]);
    }
  }
  for (int i = 0; i < G; ++i)
    _mm256_storeu_ps(out + i * outStride, acc[i]);
}

/// Q4_0, R <= 4 weight rows against G activation rows (the rows that do
/// not fill q4Tile8()): lane r of acc[i] is the chain of output (i, r).
template <int R, int G>
THYMOS_VNNI void q4Tile4(const uint8_t *w, size_t weightRowBytes, const uint8_t *act,
                         size_t actRowBytes, int64_t blocks, float *out, int64_t outStride) {
  __m128 acc[G];
  for (int i = 0; i < G; ++i)
    acc[i] = _mm_setzero_ps();
  for (int64_t b = 0; b < blocks; ++b) {
    const uint8_t *wb = w + b * kQ4_0BlockBytes;
    if ((b & 1) == 0)
      prefetchNextRows<R>(wb, weightRowBytes);
    __m256i q[4];
    float dw[4] = {0.0f, 0.0f, 0.0f, 0.0f};
    for (int r = 0; r < R; ++r) {
      q[r] = Q4_0::weights(wb + r * weightRowBytes);
      dw[r] = scaleOf(wb + r * weightRowBytes);
    }
    const __m128 dws = _mm_setr_ps(dw[0], dw[1], dw[2], dw[3]);
    for (int i = 0; i < G; ++i) {
      const uint8_t *ab = act + i * actRowBytes + b * kQ8_0BlockBytes;
      const Act a = Q4_0::act(ab);
      __m256i p[4] = {_mm256_setzero_si256(), _mm256_setzero_si256(), _mm256_setzero_si256(),
                      _mm256_setzero_si256()};
      for (int r = 0; r < R; ++r)
        p[r] = dpbusd(a.bias, q[r], a.a);
      const __m128 d = _mm_mul_ps(dws, _mm_set1_ps(scaleOf(ab)));
      acc[i] = _mm_fmadd_ps(_mm_cvtepi32_ps(q4Totals4(p)), d, acc[i]);
    }
  }
  for (int i = 0; i < G; ++i) {
    alignas(16) float lanes[4];
    _mm_store_ps(lanes, acc[i]);
    for (int r = 0; r < R; ++r)
      out[i * outStride + r] = lanes[r];
  }
}

static_assert(kActs >= 1 && kActs <= 4, "tileGroups() dispatches groups of 1 to 4 rows");

/// A group size the micro-kernels are built for: g itself, at most kActs.
constexpr int actGroup(int g) { return g < kActs ? g : kActs; }

/// Every weight row of the tile against activation rows i .. i + G - 1.
template <int G>
THYMOS_VNNI void q8Group(const Tile &t, int64_t i, int64_t blocks) {
  const uint8_t *act = t.acts + i * t.actRowBytes;
  float *out = t.out + i * t.outStride;
  constexpr int R = G == 1 ? kColumnRows : kRows;
  int64_t r = 0;
  for (; r + R <= t.weightRows; r += R)
    q8Tile<R, G>(t.weights + r * t.weightRowBytes, t.weightRowBytes, act,
                           t.actRowBytes, blocks, out + r, t.outStride);
  for (; r < t.weightRows; ++r)
    q8Tile<1, G>(t.weights + r * t.weightRowBytes, t.weightRowBytes, act,
                           t.actRowBytes, blocks, out + r, t.outStride);
}

template <int G>
THYMOS_VNNI void q4Group(const Tile &t, int64_t i, int64_t blocks) {
  const uint8_t *act = t.acts + i * t.actRowBytes;
  float *out = t.out + i * t.outStride;
  int64_t r = 0;
  for (; r + 8 <= t.weightRows; r += 8)
    q4Tile8<G>(t.weights + r * t.weightRowBytes, t.weightRowBytes, act,
                         t.actRowBytes, blocks, out + r, t.outStride);
  for (; r + 4 <= t.weightRows; r += 4)
    q4Tile4<4, G>(t.weights + r * t.weightRowBytes, t.weightRowBytes, act,
                            t.actRowBytes, blocks, out + r, t.outStride);
  for (; r < t.weightRows; ++r)
    q4Tile4<1, G>(t.weights + r * t.weightRowBytes, t.weightRowBytes, act,
                            t.actRowBytes, blocks, out + r, t.outStride);
}

/// The tile in groups of kActs activation rows, then the rest.
template <void (*Group1)(const Tile &, int64_t, int64_t),
          void (*Group2)(const Tile &, int64_t, int64_t),
          void (*Group3)(const Tile &, int64_t, int64_t),
          void (*Group4)(const Tile &, int64_t, int64_t)>
THYMOS_VNNI void tileGroups(const Tile &t) {
  const int64_t blocks = t.n / kBlockElems;
  for (int64_t i = 0; i < t.actRows; i += kActs) {
    switch (t.actRows - i < kActs ? t.actRows - i : kActs) {
    case 1: Group1(t, i, blocks); break;
    case 2: Group2(t, i, blocks); break;
    case 3: Group3(t, i, blocks); break;
    default: Group4(t, i, blocks); break;
    }
  }
}

THYMOS_VNNI void tileQ8_0(const Tile &t) {
  tileGroups<q8Group<1>, q8Group<actGroup(2)>, q8Group<actGroup(3)>, q8Group<actGroup(4)>>(t);
}

/// Q4_0 rows in the plan's order (DotVnniGroups.h's tileQ4_0 sends here what
/// its lane-per-row paths do not take).
THYMOS_VNNI void tileQ4_0RowMajor(const Tile &t) {
  tileGroups<q4Group<1>, q4Group<actGroup(2)>, q4Group<actGroup(3)>, q4Group<actGroup(4)>>(t);
}

} // namespace
} // namespace thymos::quant::kernels

#endif // __x86_64__
