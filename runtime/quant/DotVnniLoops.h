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
// A Q4_0 tile of four or more activation rows (prefill) first unpacks eight
// weight rows into lane-per-row order (packQ4Rows8, q4Packed8): about 2x the
// row-major micro-kernels on Zen 4.
//
//===----------------------------------------------------------------------===//
#pragma once

#if defined(__x86_64__)

#include "runtime/quant/DotKernels.h"

#include <immintrin.h>

#include <cstring>
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

/// Q4_0 against many activation rows (a prefill chunk), the rows taken
/// eight at a time and unpacked once into lane-per-row order: quads[t] of a
/// block holds, in 32-bit lane r, row r's elements 4t .. 4t+3 (0..15 as
/// bytes). dpbusd with activation quad t broadcast to every lane then adds
/// that quad's four products to each row's lane, so after the eight quads
/// each lane holds its row's block total: no horizontal sums, which the
/// row-major path spends about half its instructions on. The offset of 8
/// comes off as -8 * (the activation block's sum), which the caller
/// computed once per activation row (activationSumsQ8_0). The totals are the
/// same integers as the other paths', and each output gets the same
/// fma(total, d_w * d_a, acc) per block in block order: the same bits.
struct Q4PackedBlock {
  __m256i quads[8];
  __m256 scales; // d_w of the eight rows
};

/// The unpacked rows live on the stack: up to k = 8192 (72 KiB). Longer
/// rows take the row-major path.
constexpr int64_t kPackedMaxBlocks = 256;
/// Fewer activation rows than this do not repay the unpacking.
constexpr int64_t kPackedMinActs = 4;

THYMOS_VNNI void packQ4Rows8(const uint8_t *w, size_t weightRowBytes, int64_t blocks,
                             Q4PackedBlock *out) {
  const __m256i low = _mm256_set1_epi8(0x0f);
  for (int64_t b = 0; b < blocks; ++b) {
    const uint8_t *wb = w + b * kQ4_0BlockBytes;
    if ((b & 1) == 0)
      prefetchNextRows<8>(wb, weightRowBytes);
    // Rows r and r + 4 share a register, so one 4 x 4 transpose of 32-bit
    // words per 128-bit half puts word t of rows 0..7 in lanes 0..7.
    __m256i rows[4];
    for (int r = 0; r < 4; ++r)
      rows[r] = _mm256_set_m128i(load128(wb + (r + 4) * weightRowBytes + 2),
                                 load128(wb + r * weightRowBytes + 2));
    const __m256i w01lo = _mm256_unpacklo_epi32(rows[0], rows[1]);
    const __m256i w23lo = _mm256_unpacklo_epi32(rows[2], rows[3]);
    const __m256i w01hi = _mm256_unpackhi_epi32(rows[0], rows[1]);
    const __m256i w23hi = _mm256_unpackhi_epi32(rows[2], rows[3]);
    const __m256i words[4] = {
        _mm256_unpacklo_epi64(w01lo, w23lo), _mm256_unpackhi_epi64(w01lo, w23lo),
        _mm256_unpacklo_epi64(w01hi, w23hi), _mm256_unpackhi_epi64(w01hi, w23hi)};
    // Word t's low nibbles are elements 4t .. 4t+3, its high ones 4t+16 ..
    for (int t = 0; t < 4; ++t) {
      out[b].quads[t] = _mm256_and_si256(words[t], low);
      out[b].quads[t + 4] = _mm256_and_si256(_mm256_srli_epi16(words[t], 4), low);
    }
    out[b].scales =
        _mm256_cvtph_ps(halves8(wb, weightRowBytes, std::make_integer_sequence<int, 8>()));
  }
}

THYMOS_VNNI inline __m256i broadcastQuad(const uint8_t *at) {
  int32_t quad;
  std::memcpy(&quad, at, sizeof quad);
  return _mm256_set1_epi32(quad);
}

/// Eight unpacked weight rows against activation rows i .. i + G - 1:
/// out[i * outStride + r]. Two integer chains per activation row (even and
/// odd quads) keep enough dpbusd in flight.
template <int G>
THYMOS_VNNI void q4Packed8(const Q4PackedBlock *w, const uint8_t *act, size_t actRowBytes,
                           const int32_t *actSums, int64_t blocks, float *out,
                           int64_t outStride) {
  __m256 acc[G];
  for (int i = 0; i < G; ++i)
    acc[i] = _mm256_setzero_ps();
  for (int64_t b = 0; b < blocks; ++b) {
    const Q4PackedBlock &wb = w[b];
    __m256i even[G], odd[G];
    for (int i = 0; i < G; ++i) {
      even[i] = _mm256_set1_epi32(-8 * actSums[i * blocks + b]);
      odd[i] = _mm256_setzero_si256();
    }
    for (int t = 0; t < 8; t += 2)
      for (int i = 0; i < G; ++i) {
        const uint8_t *quads = act + i * actRowBytes + b * kQ8_0BlockBytes + 2;
        even[i] = dpbusd(even[i], wb.quads[t], broadcastQuad(quads + 4 * t));
        odd[i] = dpbusd(odd[i], wb.quads[t + 1], broadcastQuad(quads + 4 * t + 4));
      }
    for (int i = 0; i < G; ++i) {
      const uint8_t *ab = act + i * actRowBytes + b * kQ8_0BlockBytes;
      const __m256 d = _mm256_mul_ps(wb.scales, _mm256_set1_ps(scaleOf(ab)));
      acc[i] = _mm256_fmadd_ps(_mm256_cvtepi32_ps(_mm256_add_epi32(even[i], odd[i])), d, acc[i]);
    }
  }
  for (int i = 0; i < G; ++i)
    _mm256_storeu_ps(out + i * outStride, acc[i]);
}

/// The whole tile through q4Packed8(), but for the last weight rows that do
/// not fill eight (returned: how many rows were done).
THYMOS_VNNI int64_t q4PackedRows(const Tile &t, int64_t blocks) {
  alignas(32) Q4PackedBlock packed[kPackedMaxBlocks];
  const int64_t blocksPerRow = t.n / kBlockElems;
  int64_t r = 0;
  for (; r + 8 <= t.weightRows; r += 8) {
    packQ4Rows8(t.weights + r * t.weightRowBytes, t.weightRowBytes, blocks, packed);
    for (int64_t i = 0; i < t.actRows; i += kActs) {
      const uint8_t *act = t.acts + i * t.actRowBytes;
      const int32_t *sums = t.actSums + i * blocksPerRow;
      float *out = t.out + i * t.outStride + r;
      const size_t stride = t.actRowBytes;
      switch (t.actRows - i < kActs ? t.actRows - i : kActs) {
      case 1: q4Packed8<1>(packed, act, stride, sums, blocks, out, t.outStride); break;
      case 2: q4Packed8<actGroup(2)>(packed, act, stride, sums, blocks, out, t.outStride); break;
      case 3: q4Packed8<actGroup(3)>(packed, act, stride, sums, blocks, out, t.outStride); break;
      default: q4Packed8<actGroup(4)>(packed, act, stride, sums, blocks, out, t.outStride); break;
      }
    }
  }
  return r;
}


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

THYMOS_VNNI void tileQ4_0(const Tile &t) {
  // A Q4_0 matrix-vector product is about 10% faster with the AVX2 kernels
  // on Zen 4 (maddubs + madd against one vpdpbusd per row block, measured in
  // decode and in bench/quant.sh), and gives the same bits.
  if (t.actRows == 1) {
    kAvx2.tileQ4_0(t);
    return;
  }
  const int64_t blocks = t.n / kBlockElems;
  Tile rest = t;
  if (t.actSums && t.actRows >= kPackedMinActs && blocks <= kPackedMaxBlocks) {
    const int64_t done = q4PackedRows(t, blocks);
    rest.weights += done * t.weightRowBytes;
    rest.weightRows -= done;
    rest.out += done;
  }
  tileGroups<q4Group<1>, q4Group<actGroup(2)>, q4Group<actGroup(3)>, q4Group<actGroup(4)>>(rest);
}

/// Q4_0 rows packed in groups of eight (packQ4_0Groups) against activation
/// rows i .. i + G - 1: q4Packed8()'s arithmetic, with each word unpacked
/// from the packed bytes as it is used. A group's blocks are one contiguous
/// stream, which the hardware prefetchers follow; the next lines are asked
/// for too.
template <int G>
THYMOS_VNNI void q4Groups8(const uint8_t *group, const uint8_t *act, size_t actRowBytes,
                           const int32_t *actSums, int64_t blocks, float *out,
                           int64_t outStride) {
  const __m256i low = _mm256_set1_epi8(0x0f);
  __m256 acc[G];
  for (int i = 0; i < G; ++i)
    acc[i] = _mm256_setzero_ps();
  for (int64_t b = 0; b < blocks; ++b) {
    const uint8_t *gb = group + b * kQ4_0GroupBlockBytes;
    _mm_prefetch(reinterpret_cast<const char *>(gb) + 4 * kQ4_0GroupBlockBytes, _MM_HINT_T0);
    _mm_prefetch(reinterpret_cast<const char *>(gb) + 4 * kQ4_0GroupBlockBytes + 64, _MM_HINT_T0);
    _mm_prefetch(reinterpret_cast<const char *>(gb) + 4 * kQ4_0GroupBlockBytes + 128,
                 _MM_HINT_T0);
    const __m256 scales = _mm256_cvtph_ps(load128(gb));
    __m256i quads[8];
    for (int t = 0; t < 4; ++t) {
      const __m256i word = load256(gb + 16 + 32 * t);
      quads[t] = _mm256_and_si256(word, low);
      quads[t + 4] = _mm256_and_si256(_mm256_srli_epi16(word, 4), low);
    }
    __m256i even[G], odd[G];
    for (int i = 0; i < G; ++i) {
      even[i] = _mm256_set1_epi32(-8 * actSums[i * blocks + b]);
      odd[i] = _mm256_setzero_si256();
    }
    for (int t = 0; t < 8; t += 2)
      for (int i = 0; i < G; ++i) {
        const uint8_t *q = act + i * actRowBytes + b * kQ8_0BlockBytes + 2;
        even[i] = dpbusd(even[i], quads[t], broadcastQuad(q + 4 * t));
        odd[i] = dpbusd(odd[i], quads[t + 1], broadcastQuad(q + 4 * t + 4));
      }
    for (int i = 0; i < G; ++i) {
      const uint8_t *ab = act + i * actRowBytes + b * kQ8_0BlockBytes;
      const __m256 d = _mm256_mul_ps(scales, _mm256_set1_ps(scaleOf(ab)));
      acc[i] = _mm256_fmadd_ps(_mm256_cvtepi32_ps(_mm256_add_epi32(even[i], odd[i])), d, acc[i]);
    }
  }
  for (int i = 0; i < G; ++i)
    _mm256_storeu_ps(out + i * outStride, acc[i]);
}

THYMOS_VNNI void tileQ4_0Groups(const Tile &t) {
  const int64_t blocks = t.n / kBlockElems;
  const size_t groupBytes = static_cast<size_t>(blocks) * kQ4_0GroupBlockBytes;
  for (int64_t g = 0; g < t.weightRows / 8; ++g) {
    const uint8_t *group = t.weights + g * groupBytes;
    for (int64_t i = 0; i < t.actRows; i += kActs) {
      const uint8_t *act = t.acts + i * t.actRowBytes;
      const int32_t *sums = t.actSums + i * blocks;
      float *out = t.out + i * t.outStride + 8 * g;
      const size_t stride = t.actRowBytes;
      switch (t.actRows - i < kActs ? t.actRows - i : kActs) {
      case 1: q4Groups8<1>(group, act, stride, sums, blocks, out, t.outStride); break;
      case 2: q4Groups8<actGroup(2)>(group, act, stride, sums, blocks, out, t.outStride); break;
      case 3: q4Groups8<actGroup(3)>(group, act, stride, sums, blocks, out, t.outStride); break;
      default: q4Groups8<actGroup(4)>(group, act, stride, sums, blocks, out, t.outStride); break;
      }
    }
  }
}

/// Q8_0 rows packed in groups of eight (packQ8_0Groups) against activation
/// rows i .. i + G - 1. acc[i][t] holds, in lane r, output (i, r)'s lane t
/// of DotScalar.cpp's eight: one fma per block each, then its final sum
/// ((l0 + l4) + (l2 + l6)) + ((l1 + l5) + (l3 + l7)) taken across vectors.
/// The bias of quad t, -128 times the activation quad's sum, is lane t of
/// Q8_0::act()'s, broadcast.
template <int G>
THYMOS_VNNI void q8Groups8(const uint8_t *group, const uint8_t *act, size_t actRowBytes,
                           int64_t blocks, float *out, int64_t outStride) {
  __m256 acc[G][8];
  for (int i = 0; i < G; ++i)
    for (int t = 0; t < 8; ++t)
      acc[i][t] = _mm256_setzero_ps();
  for (int64_t b = 0; b < blocks; ++b) {
    const uint8_t *gb = group + b * kQ8_0GroupBlockBytes;
    for (int line = 0; line < 5; ++line)
      _mm_prefetch(reinterpret_cast<const char *>(gb) + 4 * kQ8_0GroupBlockBytes + 64 * line,
                   _MM_HINT_T0);
    const __m256 scales = _mm256_cvtph_ps(load128(gb));
    __m256i bias[G];
    __m256 d[G];
    for (int i = 0; i < G; ++i) {
      const uint8_t *ab = act + i * actRowBytes + b * kQ8_0BlockBytes;
      bias[i] = Q8_0::act(ab).bias;
      d[i] = _mm256_mul_ps(scales, _mm256_set1_ps(scaleOf(ab)));
    }
    for (int t = 0; t < 8; ++t) {
      const __m256i w =
          _mm256_xor_si256(load256(gb + 16 + 32 * t), _mm256_set1_epi8(char(0x80)));
      for (int i = 0; i < G; ++i) {
        const uint8_t *q = act + i * actRowBytes + b * kQ8_0BlockBytes + 2 + 4 * t;
        const __m256i start = _mm256_permutevar8x32_epi32(bias[i], _mm256_set1_epi32(t));
        const __m256 quads = _mm256_cvtepi32_ps(dpbusd(start, w, broadcastQuad(q)));
        acc[i][t] = _mm256_fmadd_ps(d[i], quads, acc[i][t]);
      }
    }
  }
  for (int i = 0; i < G; ++i) {
    const __m256 s04 = _mm256_add_ps(acc[i][0], acc[i][4]);
    const __m256 s26 = _mm256_add_ps(acc[i][2], acc[i][6]);
    const __m256 s15 = _mm256_add_ps(acc[i][1], acc[i][5]);
    const __m256 s37 = _mm256_add_ps(acc[i][3], acc[i][7]);
    _mm256_storeu_ps(out + i * outStride,
                     _mm256_add_ps(_mm256_add_ps(s04, s26), _mm256_add_ps(s15, s37)));
  }
}

THYMOS_VNNI void tileQ8_0Groups(const Tile &t) {
  const int64_t blocks = t.n / kBlockElems;
  const size_t groupBytes = static_cast<size_t>(blocks) * kQ8_0GroupBlockBytes;
  for (int64_t g = 0; g < t.weightRows / 8; ++g) {
    const uint8_t *group = t.weights + g * groupBytes;
    int64_t i = 0;
    for (; i + 2 <= t.actRows; i += 2)
      q8Groups8<2>(group, t.acts + i * t.actRowBytes, t.actRowBytes, blocks,
                   t.out + i * t.outStride + 8 * g, t.outStride);
    if (i < t.actRows)
      q8Groups8<1>(group, t.acts + i * t.actRowBytes, t.actRowBytes, blocks,
                   t.out + i * t.outStride + 8 * g, t.outStride);
  }
}

constexpr IsaKernels makeKernels() {
  return {blockSums<Q8_0>, blockSums<Q4_0>, tileQ8_0, tileQ4_0, tileQ4_0Groups, tileQ8_0Groups};
}

} // namespace
} // namespace thymos::quant::kernels

#endif // __x86_64__
