//===- DotVnniGroups.h - Q4_0/Q8_0 dot products on rows in groups of eight -===//
//
// Included after DotVnniLoops.h (whose helpers it uses) by the same two
// files. Weights in quant::packQ4_0Groups() / packQ8_0Groups() order hold,
// for each block of eight rows, 32-byte words whose 32-bit lane r is four
// quants of row r. dpbusd with one activation quad broadcast to every lane
// then works on all eight rows at once: no horizontal sums and no gather of
// scales, which the row-major kernels spend about half their instructions
// on.
//  - Q4_0: after the eight quads each lane holds its row's block total; the
//    offset of 8 comes off as -8 * (the activation block's sum), computed
//    once per activation row (activationSumsQ8_0).
//  - Q8_0: one accumulator per lane of DotScalar.cpp's eight-lane sum, lane
//    r for row r, and the final sum taken across vectors in its order.
// The integers and the f32 operations per output are those of the other
// paths, so the results are the same bits.
//
// Weights the CPU backend repacked at load come in that order; a Q4_0 tile
// of several activation rows (prefill) in the plan's order is repacked here
// eight rows at a time, into a buffer on the stack.
//
//===----------------------------------------------------------------------===//
#pragma once

#if defined(__x86_64__)

#include <cstring>

namespace thymos::quant::kernels {
namespace {

/// Rows packed on the stack for a prefill tile: up to k = 8192 (36 KiB);
/// longer rows take the row-major path.
constexpr int64_t kPackedMaxBlocks = 256;
/// Fewer activation rows than this do not repay the packing.
constexpr int64_t kPackedMinActs = 4;

/// packQ4_0Groups() for eight rows, with vector transposes.
THYMOS_VNNI void packQ4Rows8(const uint8_t *w, size_t weightRowBytes, int64_t blocks,
                             uint8_t *out) {
  for (int64_t b = 0; b < blocks; ++b, out += kQ4_0GroupBlockBytes) {
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
    _mm_storeu_si128(reinterpret_cast<__m128i *>(out),
                     halves8(wb, weightRowBytes, std::make_integer_sequence<int, 8>()));
    for (int t = 0; t < 4; ++t)
      _mm256_storeu_si256(reinterpret_cast<__m256i *>(out + 16 + 32 * t), words[t]);
  }
}

THYMOS_VNNI inline __m256i broadcastQuad(const uint8_t *at) {
  int32_t quad;
  std::memcpy(&quad, at, sizeof quad);
  return _mm256_set1_epi32(quad);
}

THYMOS_VNNI inline void prefetchGroupBlock(const uint8_t *at, size_t blockBytes) {
  // Four blocks ahead in the group's one contiguous stream.
  for (size_t line = 0; line < blockBytes; line += 64)
    _mm_prefetch(reinterpret_cast<const char *>(at) + 4 * blockBytes + line, _MM_HINT_T0);
}

/// Eight Q4_0 rows of one group against activation rows i .. i + G - 1:
/// out[i * outStride + r]. Two integer chains per activation row (even and
/// odd quads) keep enough dpbusd in flight.
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
    prefetchGroupBlock(gb, kQ4_0GroupBlockBytes);
    const __m256 scales = _mm256_cvtph_ps(load128(gb));
    // Word t's low nibbles are elements 4t .. 4t+3, its high ones 4t+16 ..
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
      const __m256 totals = _mm256_cvtepi32_ps(_mm256_add_epi32(even[i], odd[i]));
      acc[i] = _mm256_fmadd_ps(totals, d, acc[i]);
    }
  }
  for (int i = 0; i < G; ++i)
    _mm256_storeu_ps(out + i * outStride, acc[i]);
}

/// One Q4_0 group against every activation row of the tile, kActs at a time.
THYMOS_VNNI void q4GroupRows(const uint8_t *group, const Tile &t, int64_t blocks, float *out) {
  for (int64_t i = 0; i < t.actRows; i += kActs) {
    const uint8_t *act = t.acts + i * t.actRowBytes;
    const int32_t *sums = t.actSums + i * blocks;
    float *o = out + i * t.outStride;
    const size_t stride = t.actRowBytes;
    switch (t.actRows - i < kActs ? t.actRows - i : kActs) {
    case 1: q4Groups8<1>(group, act, stride, sums, blocks, o, t.outStride); break;
    case 2: q4Groups8<actGroup(2)>(group, act, stride, sums, blocks, o, t.outStride); break;
    case 3: q4Groups8<actGroup(3)>(group, act, stride, sums, blocks, o, t.outStride); break;
    default: q4Groups8<actGroup(4)>(group, act, stride, sums, blocks, o, t.outStride); break;
    }
  }
}

THYMOS_VNNI void tileQ4_0Groups(const Tile &t) {
  const int64_t blocks = t.n / kBlockElems;
  const size_t groupBytes = static_cast<size_t>(blocks) * kQ4_0GroupBlockBytes;
  for (int64_t g = 0; g < t.weightRows / 8; ++g)
    q4GroupRows(t.weights + g * groupBytes, t, blocks, t.out + 8 * g);
}

THYMOS_VNNI void tileQ4_0(const Tile &t) {
  // A Q4_0 matrix-vector product in the plan's order is about 10% faster
  // with the AVX2 kernels on Zen 4 (maddubs + madd against one vpdpbusd per
  // row block, measured in decode and in bench/quant.sh): the same bits.
  if (t.actRows == 1) {
    kAvx2.tileQ4_0(t);
    return;
  }
  const int64_t blocks = t.n / kBlockElems;
  Tile rest = t;
  if (t.actSums && t.actRows >= kPackedMinActs && blocks <= kPackedMaxBlocks) {
    alignas(32) uint8_t packed[kPackedMaxBlocks * kQ4_0GroupBlockBytes];
    for (; rest.weightRows >= 8; rest.weightRows -= 8) {
      packQ4Rows8(rest.weights, t.weightRowBytes, blocks, packed);
      q4GroupRows(packed, t, blocks, rest.out);
      rest.weights += 8 * t.weightRowBytes;
      rest.out += 8;
    }
  }
  tileQ4_0RowMajor(rest);
}

/// Eight Q8_0 rows of one group against activation rows i .. i + G - 1.
/// acc[i][t] holds, in lane r, output (i, r)'s lane t of DotScalar.cpp's
/// eight: one fma per block each, then its final sum
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
    prefetchGroupBlock(gb, kQ8_0GroupBlockBytes);
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
