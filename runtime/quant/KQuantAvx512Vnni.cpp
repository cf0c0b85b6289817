//===- KQuantAvx512Vnni.cpp - K-quant x Q8_K dot products, AVX-512 VNNI ----===//
//
// KQuantVnniRows.h and KQuantVnniPanels.h with the EVEX vpdpwssd, plus two
// kernels on 512-bit registers, which Zen 5 runs at full width (on a core
// that splits them, as Zen 4, they cost no more than two 256-bit ones):
//  - decode, Q4_K/Q5_K: each maddubs and vpdpwssd covers two sub-blocks
//    (one instruction where the 256-bit kernel has two); the activation row
//    is reordered once per tile to match. Q4_K rows run four at a time,
//    sharing the activation loads, the scale unpacking and the f32 work
//    (two outputs per register), which is what bounds a row at a time once
//    the products take one instruction per two sub-blocks. Long rows stream
//    well that way only when packed (tileQ4_KRows4Avx512Vnni,
//    KQuantRows4.cpp); row-major, only short ones (kFourRowsMaxBlocks).
//    Q6_K keeps the 256-bit kernel, one row at a time: four rows at once
//    streamed at half its pace;
//  - prefill: panels of 2 weight rows x 4 activation rows (8 int32 sums in
//    32 registers), two chunks per instruction, and the per-block f32 work
//    of two outputs paired lane for lane in one register.
// The integer lanes are summed from the two halves (exact) and the f32
// operations are the scalar reference's, so the results are its bits.
//
// Compiled per function for this target (no global -march: KQuantDot.cpp
// asks isaSupported() before calling in here).
//
//===----------------------------------------------------------------------===//

#if defined(__x86_64__)

#include <immintrin.h>

// GCC 12's 512-bit intrinsics pass _mm512_undefined_*() (a self-initialized
// variable) as the unused merge source, which -Wmaybe-uninitialized reports
// once they are inlined here: a false positive.
#if defined(__GNUC__) && !defined(__clang__)
#pragma GCC diagnostic ignored "-Wmaybe-uninitialized"
#endif

#define THYMOS_KVNNI                                                                           \
  __attribute__((target("avx2,fma,f16c,avx512f,avx512vl,avx512bw,avx512vnni")))

namespace thymos::quant::kernels {
namespace {

THYMOS_KVNNI inline __m256i dpwssd(__m256i acc, __m256i p, __m256i s) {
  return _mm256_dpwssd_epi32(acc, p, s);
}

constexpr int kPanelRows = 2, kPanelActs = 4;

} // namespace
} // namespace thymos::quant::kernels

#include "runtime/quant/KQuantVnniRows.h"
#include "runtime/quant/KQuantVnniPanels.h"

namespace thymos::quant::kernels {
namespace {

/// An activation row's Q8_K quants in the order of rowQ4_5K512()'s
/// registers: per block, for j = 0, 1, sub-blocks 4j and 4j + 2 (the low
/// nibbles of quant bytes 64j .. 64j + 63), then 4j + 1 and 4j + 3 (the
/// high nibbles).
THYMOS_KVNNI void pairSubBlocks(const uint8_t *a, int64_t blocks, uint8_t *out) {
  for (int64_t b = 0; b < blocks; ++b, a += kQ8_KBlockBytes, out += kSuperBlockElems)
    for (int k = 0; k < 8; ++k) {
      const int s = 4 * (k / 4) + (k % 4 == 1 ? 2 : k % 4 == 2 ? 1 : k % 4);
      _mm256_storeu_si256(reinterpret_cast<__m256i *>(out + 32 * k),
                          load256(a + kQ8_KQsAt + 32 * s));
    }
}

/// Q4_K/Q5_K row against an activation row (its quants from
/// pairSubBlocks()) with 512-bit registers: each maddubs and vpdpwssd covers
/// two sub-blocks, lanes 0..7 one and 8..15 the other, added at the end of
/// the block (exact) to give the lanes of rowQ4_5K().
template <bool FifthBit>
THYMOS_KVNNI float rowQ4_5K512(const uint8_t *w, const uint8_t *a, const uint8_t *paired,
                               int64_t blocks) {
  constexpr size_t kBytes = FifthBit ? kQ5_KBlockBytes : kQ4_KBlockBytes;
  constexpr size_t kQs = FifthBit ? kQ5_KQsAt : kQ4_KQsAt;
  // pshufb controls: byte s of the scales in 128-bit lanes 0 and 1, byte
  // s + 2 in lanes 2 and 3, zero-extended to int16.
  __m512i spread[4];
  for (int k = 0; k < 4; ++k) {
    const int s = 4 * (k / 2) + k % 2;
    spread[k] = _mm512_inserti64x4(_mm512_set1_epi16(static_cast<short>(0x8000 | s)),
                                   _mm256_set1_epi16(static_cast<short>(0x8000 | (s + 2))), 1);
  }
  const __m512i nibble = _mm512_set1_epi8(0x0f), sixteen = _mm512_set1_epi8(16);
  __m256 acc = _mm256_setzero_ps();
  __m128 accMins = _mm_setzero_ps();
  float minSum = 0.0f;
  for (int64_t b = 0; b < blocks;
       ++b, w += kBytes, a += kQ8_KBlockBytes, paired += kSuperBlockElems) {
    const __m128i scalesMins = scalesMinsBytes(w + kKScalesAt);
    const __m512i scales = _mm512_broadcast_i32x4(scalesMins);
    const __m128i mins = _mm_cvtepu8_epi16(_mm_srli_si128(scalesMins, 8));
    const __m128i minProducts = _mm_madd_epi16(mins, subSumsQ8_K(a));
    // qh in both halves, the upper one shifted so that bit s + 2 of each
    // byte stands at bit s (s <= 5) and one shift serves both sub-blocks.
    __m512i hbits = _mm512_setzero_si512();
    if (FifthBit) {
      const __m256i qh = load256(w + kQ5_KQhAt);
      hbits = _mm512_inserti64x4(_mm512_castsi256_si512(qh), _mm256_srli_epi16(qh, 2), 1);
    }
    __m512i even = _mm512_setzero_si512(), odd = _mm512_setzero_si512();
    for (int j = 0; j < 2; ++j) {
      const __m512i bits = _mm512_loadu_si512(w + kQs + 64 * j);
      __m512i lo = _mm512_and_si512(bits, nibble);
      __m512i hi = _mm512_and_si512(_mm512_srli_epi16(bits, 4), nibble);
      if (FifthBit) {
        // Bits 4j (low nibbles) and 4j + 1 (high), moved to bit 4.
        const __m512i loBit = j == 0 ? _mm512_slli_epi16(hbits, 4) : hbits;
        const __m512i hiBit = j == 0 ? _mm512_slli_epi16(hbits, 3) : _mm512_srli_epi16(hbits, 1);
        lo = _mm512_or_si512(lo, _mm512_and_si512(loBit, sixteen));
        hi = _mm512_or_si512(hi, _mm512_and_si512(hiBit, sixteen));
      }
      const __m512i pLo = _mm512_maddubs_epi16(lo, _mm512_loadu_si512(paired + 128 * j));
      const __m512i pHi = _mm512_maddubs_epi16(hi, _mm512_loadu_si512(paired + 128 * j + 64));
      even = _mm512_dpwssd_epi32(even, pLo, _mm512_shuffle_epi8(scales, spread[2 * j]));
      odd = _mm512_dpwssd_epi32(odd, pHi, _mm512_shuffle_epi8(scales, spread[2 * j + 1]));
    }
    const __m512i both = _mm512_add_epi32(even, odd);
    const __m256i sum =
        _mm256_add_epi32(_mm512_castsi512_si256(both), _mm512_extracti64x4_epi64(both, 1));
    const float da = q8KScale(a);
    const float d = da * halfScale(w), dmin = -da * halfScale(w + 2);
    acc = _mm256_fmadd_ps(_mm256_set1_ps(d), _mm256_cvtepi32_ps(sum), acc);
    if (FifthBit) {
      __m128i m = _mm_add_epi32(minProducts, _mm_unpackhi_epi64(minProducts, minProducts));
      m = _mm_add_epi32(m, _mm_shuffle_epi32(m, 0xb1));
      minSum = _mm_cvtss_f32(
          _mm_fmadd_ss(_mm_set_ss(dmin), _mm_cvtepi32_ps(m), _mm_set_ss(minSum)));
    } else {
      accMins = _mm_fmadd_ps(_mm_set1_ps(dmin), _mm_cvtepi32_ps(minProducts), accMins);
    }
  }
  return sumLanes(acc) + (FifthBit ? minSum : sumLanes(accMins));
}

THYMOS_KVNNI inline int load32(const uint8_t *at) {
  int v;
  std::memcpy(&v, at, sizeof v);
  return v;
}

/// The int32 lanes of two outputs, each summed from its two 256-bit halves
/// (chunks 0, 2, 4, 6 and 1, 3, 5, 7: exact): output 0 in lanes 0..7.
THYMOS_KVNNI inline __m512i pairLanes(__m512i s0, __m512i s1) {
  // Two-source permutes (GCC 12's shuffle_i64x2 trips -Wmaybe-uninitialized).
  const __m512i low = _mm512_setr_epi64(0, 1, 2, 3, 8, 9, 10, 11);
  const __m512i high = _mm512_setr_epi64(4, 5, 6, 7, 12, 13, 14, 15);
  return _mm512_add_epi32(_mm512_permutex2var_epi64(s0, low, s1),
                          _mm512_permutex2var_epi64(s0, high, s1));
}

/// scalesMinsBytes() for four rows at once, one per 128-bit lane.
THYMOS_KVNNI inline __m512i scalesMinsBytes4(__m512i v) {
  const __m128i lowOrder =
      _mm_setr_epi8(0, 1, 2, 3, 8, 9, 10, 11, 4, 5, 6, 7, 8, 9, 10, 11);
  const __m128i topOrder =
      _mm_setr_epi8(-1, -1, -1, -1, 0, 1, 2, 3, -1, -1, -1, -1, 4, 5, 6, 7);
  const __m512i low = _mm512_shuffle_epi8(v, _mm512_broadcast_i32x4(lowOrder));
  const __m512i lowBits = _mm512_and_si512(
      _mm512_mask_blend_epi32(0x8888, low, _mm512_srli_epi16(low, 4)),
      _mm512_broadcast_i32x4(
          _mm_setr_epi8(63, 63, 63, 63, 15, 15, 15, 15, 63, 63, 63, 63, 15, 15, 15, 15)));
  const __m512i top = _mm512_shuffle_epi8(v, _mm512_broadcast_i32x4(topOrder));
  return _mm512_or_si512(lowBits,
                         _mm512_and_si512(_mm512_srli_epi16(top, 2), _mm512_set1_epi8(0x30)));
}

/// ((a0 + a4) + (a2 + a6)) + ((a1 + a5) + (a3 + a7)) of each 256-bit half,
/// in lanes 0 and 8: sumLanes() on both halves, the same additions.
THYMOS_KVNNI inline __m512 sumLanesPair(__m512 v) {
  v = _mm512_add_ps(v, _mm512_shuffle_f32x4(v, v, 0xb1));
  v = _mm512_add_ps(v, _mm512_permute_ps(v, 0x4e));
  return _mm512_add_ps(v, _mm512_movehdup_ps(v));
}

/// rowQ4_5K512<false>() for four Q4_K rows `rowBytes` apart, whose blocks are
/// `blockStride` apart (row-major, or packQ4_KRows4()), into out[0..3]:
/// each row's lanes and f32 operations are that kernel's, but the
/// activation loads and sums, the unpacking of the 6-bit scales and mins
/// (one lane per row), the scaling by d and dmin (two rows per register)
/// and the final sums are shared, which halves the instructions that are
/// not the products.
THYMOS_KVNNI void rowsQ4_K512x4(const uint8_t *w, size_t rowBytes, size_t blockStride,
                                const uint8_t *a, const uint8_t *paired, int64_t blocks,
                                float *out) {
  constexpr int R = 4;
  __m512i spread[4];
  for (int k = 0; k < 4; ++k) {
    const int s = 4 * (k / 2) + k % 2;
    spread[k] = _mm512_inserti64x4(_mm512_set1_epi16(static_cast<short>(0x8000 | s)),
                                   _mm256_set1_epi16(static_cast<short>(0x8000 | (s + 2))), 1);
  }
  // permutexvar indices into [d0, dmin0, .., d3, dmin3]: d of rows 2p and
  // 2p + 1 in halves of a register, the four dmins in quarters.
  const __m512i dIndex[2] = {
      _mm512_setr_epi32(0, 0, 0, 0, 0, 0, 0, 0, 2, 2, 2, 2, 2, 2, 2, 2),
      _mm512_setr_epi32(4, 4, 4, 4, 4, 4, 4, 4, 6, 6, 6, 6, 6, 6, 6, 6)};
  const __m512i dminIndex = _mm512_setr_epi32(1, 1, 1, 1, 3, 3, 3, 3, 5, 5, 5, 5, 7, 7, 7, 7);
  const __m512i nibble = _mm512_set1_epi8(0x0f);
  __m512 acc[R / 2] = {_mm512_setzero_ps(), _mm512_setzero_ps()};
  __m512 accMins = _mm512_setzero_ps();
  for (int64_t b = 0; b < blocks; ++b, a += kQ8_KBlockBytes, paired += kSuperBlockElems) {
    const uint8_t *wb = w + b * blockStride;
    __m512i act[4];
    for (int k = 0; k < 4; ++k)
      act[k] = _mm512_loadu_si512(paired + 64 * k);
    __m512i raw = _mm512_castsi128_si512(load128(wb + kKScalesAt));
    for (int r = 1; r < R; ++r)
      raw = _mm512_inserti32x4(raw, load128(wb + r * rowBytes + kKScalesAt), r);
    const __m512i scalesMins = scalesMinsBytes4(raw);
    const __m512i minProducts =
        _mm512_madd_epi16(_mm512_unpackhi_epi8(scalesMins, _mm512_setzero_si512()),
                          _mm512_broadcast_i32x4(subSumsQ8_K(a)));
    // d * d_act and dmin * -d_act of the four rows, as rowQ4_5K512() forms
    // them (one f32 multiply each).
    // Inserted lane by lane: a vector load of four narrower stores would
    // wait for them to reach the cache instead of being forwarded.
    const __m128i halves = _mm_setr_epi32(load32(wb), load32(wb + rowBytes),
                                          load32(wb + 2 * rowBytes), load32(wb + 3 * rowBytes));
    const float da = q8KScale(a);
    const __m256 dd = _mm256_mul_ps(_mm256_cvtph_ps(halves),
                                    _mm256_setr_ps(da, -da, da, -da, da, -da, da, -da));
    const __m512 dd512 = _mm512_zextps256_ps512(dd);
    accMins = _mm512_fmadd_ps(_mm512_permutexvar_ps(dminIndex, dd512),
                              _mm512_cvtepi32_ps(minProducts), accMins);
    __m512i both[R];
    for (int r = 0; r < R; ++r) {
      const uint8_t *qs = wb + r * rowBytes + kQ4_KQsAt;
      __m512i even = _mm512_setzero_si512(), odd = _mm512_setzero_si512();
      const __m512i sc = _mm512_shuffle_i32x4(scalesMins, scalesMins, r * 0x55);
      for (int j = 0; j < 2; ++j) {
        const __m512i bits = _mm512_loadu_si512(qs + 64 * j);
        const __m512i lo = _mm512_and_si512(bits, nibble);
        const __m512i hi = _mm512_and_si512(_mm512_srli_epi16(bits, 4), nibble);
        even = _mm512_dpwssd_epi32(even, _mm512_maddubs_epi16(lo, act[2 * j]),
                                   _mm512_shuffle_epi8(sc, spread[2 * j]));
        odd = _mm512_dpwssd_epi32(odd, _mm512_maddubs_epi16(hi, act[2 * j + 1]),
                                  _mm512_shuffle_epi8(sc, spread[2 * j + 1]));
      }
      both[r] = _mm512_add_epi32(even, odd);
    }
    for (int p = 0; p < R / 2; ++p)
      acc[p] = _mm512_fmadd_ps(_mm512_permutexvar_ps(dIndex[p], dd512),
                               _mm512_cvtepi32_ps(pairLanes(both[2 * p], both[2 * p + 1])),
                               acc[p]);
  }
  // (m0 + m2) + (m1 + m3) of each row, in lane 4r, as sumLanes(__m128).
  __m512 mins = _mm512_add_ps(accMins, _mm512_permute_ps(accMins, 0x4e));
  mins = _mm512_add_ps(mins, _mm512_movehdup_ps(mins));
  alignas(64) float sums[R / 2][16], minSums[16];
  _mm512_store_ps(minSums, mins);
  for (int p = 0; p < R / 2; ++p)
    _mm512_store_ps(sums[p], sumLanesPair(acc[p]));
  for (int r = 0; r < R; ++r)
    out[r] = sums[r / 2][8 * (r % 2)] + minSums[4 * r];
}

/// Rows of row-major Q4_K (weights the CPU backend did not pack with
/// packQ4_KRows4()) that rowsQ4_K512x4() takes four at a time: up to 512
/// elements (1152 contiguous bytes for four rows). Measured on one core of
/// the development machine: rows of 512 stream at 30 GB/s four at a time
/// against 21 one at a time, from memory and from cache; rows of 1536 and
/// more, faster from cache (42 against 23-32 GB/s) but no faster from
/// memory, and a 1.1B-shaped model (rows of 2048) decoded 30% slower.
constexpr int64_t kFourRowsMaxBlocks = 2;

/// Every weight row of the tile against activation row i with 512-bit
/// registers: short Q4_K rows four at a time, the others one at a time;
/// Q6_K with the shared row kernel.
THYMOS_KVNNI void tileRows512(const KTile &t, int64_t i) {
  const int64_t blocks = t.n / kSuperBlockElems;
  if (t.format == KFormat::Q6_K || blocks > kPanelMaxBlocks)
    return tileRows(t, i);
  alignas(64) uint8_t paired[kPanelMaxBlocks * kSuperBlockElems];
  const uint8_t *act = t.acts + i * t.actRowBytes;
  pairSubBlocks(act, blocks, paired);
  float *out = t.out + i * t.outStride;
  int64_t r = 0;
  if (t.format == KFormat::Q4_K && blocks <= kFourRowsMaxBlocks)
    for (; r + 4 <= t.weightRows; r += 4)
      rowsQ4_K512x4(t.weights + r * t.weightRowBytes, t.weightRowBytes, kQ4_KBlockBytes, act,
                    paired, blocks, out + r);
  for (; r < t.weightRows; ++r) {
    const uint8_t *w = t.weights + r * t.weightRowBytes;
    out[r] = t.format == KFormat::Q5_K ? rowQ4_5K512<true>(w, act, paired, blocks)
                                       : rowQ4_5K512<false>(w, act, paired, blocks);
  }
}

/// Two activation rows' per-block values, lane-paired for two outputs.
struct ActPair {
  __m512 da;       // d_act of row i in lanes 0..7, of row i + 1 in 8..15
  __m256 negDa;    // -d_act: row i in lanes 0..3, row i + 1 in 4..7
  __m256i subSums; // the two rows' eight sub-block sums (int16)
};

THYMOS_KVNNI inline ActPair actPair(const uint8_t *a0, const uint8_t *a1, bool subSums) {
  const float da0 = q8KScale(a0), da1 = q8KScale(a1);
  ActPair p;
  p.da = _mm512_mask_mov_ps(_mm512_set1_ps(da0), 0xff00, _mm512_set1_ps(da1));
  p.negDa = _mm256_set_m128(_mm_set1_ps(-da1), _mm_set1_ps(-da0));
  p.subSums = subSums ? _mm256_set_m128i(subSumsQ8_K(a1), subSumsQ8_K(a0)) : _mm256_setzero_si256();
  return p;
}

/// panelTile() with 512-bit registers for four activation rows: each
/// vpdpwssd covers two chunks, and the per-block f32 work of outputs (r, i)
/// and (r, i + 1) shares its instructions, lane for lane the same
/// operations.
template <KFormat F, int R>
THYMOS_KVNNI void panelTile512(const Panel *panels, int64_t blocks, const uint8_t *act,
                               size_t actRowBytes, float *out, int64_t outStride) {
  constexpr int G = 4, P = G / 2;
  __m512 acc[R][P];
  __m256 accMins[R][P];
  __m128 minSum[R][P];
  for (int r = 0; r < R; ++r)
    for (int p = 0; p < P; ++p) {
      acc[r][p] = _mm512_setzero_ps();
      accMins[r][p] = _mm256_setzero_ps();
      minSum[r][p] = _mm_setzero_ps();
    }
  for (int64_t b = 0; b < blocks; ++b) {
    const uint8_t *ab[G];
    for (int i = 0; i < G; ++i)
      ab[i] = act + i * actRowBytes + b * kQ8_KBlockBytes;
    __m512i sum[R][G];
    for (int r = 0; r < R; ++r)
      for (int i = 0; i < G; ++i)
        sum[r][i] = F == KFormat::Q6_K
                        ? _mm512_zextsi256_si512(
                              offsetQ6_K(ab[i], loadPanel(panels[r * blocks + b].extra)))
                        : _mm512_setzero_si512();
    for (int c = 0; c < 8; c += 2) {
      __m512i a[G];
      for (int i = 0; i < G; ++i)
        a[i] = _mm512_loadu_si512(ab[i] + kQ8_KQsAt + 32 * c);
      for (int r = 0; r < R; ++r) {
        const Panel &pn = panels[r * blocks + b];
        const __m512i q = _mm512_load_si512(pn.q + 32 * c);
        const __m512i s = _mm512_load_si512(pn.scale[c]);
        for (int i = 0; i < G; ++i)
          sum[r][i] = _mm512_dpwssd_epi32(sum[r][i], _mm512_maddubs_epi16(q, a[i]), s);
      }
    }
    for (int p = 0; p < P; ++p) {
      const ActPair ap = actPair(ab[2 * p], ab[2 * p + 1], F != KFormat::Q6_K);
      for (int r = 0; r < R; ++r) {
        const Panel &pn = panels[r * blocks + b];
        const __m512 lanes = _mm512_cvtepi32_ps(pairLanes(sum[r][2 * p], sum[r][2 * p + 1]));
        acc[r][p] = _mm512_fmadd_ps(_mm512_mul_ps(ap.da, _mm512_set1_ps(pn.d)), lanes, acc[r][p]);
        if (F == KFormat::Q6_K)
          continue;
        const __m128i mins = _mm_load_si128(reinterpret_cast<const __m128i *>(pn.extra));
        const __m256i m = _mm256_madd_epi16(_mm256_broadcastsi128_si256(mins), ap.subSums);
        const __m256 dmin = _mm256_mul_ps(ap.negDa, _mm256_set1_ps(pn.dmin));
        if (F == KFormat::Q4_K) {
          accMins[r][p] = _mm256_fmadd_ps(dmin, _mm256_cvtepi32_ps(m), accMins[r][p]);
          continue;
        }
        // Q5_K: one sum per output, in lane 0 (row i) and lane 1 (row i + 1).
        __m128i total = _mm_hadd_epi32(_mm256_castsi256_si128(m), _mm256_extracti128_si256(m, 1));
        total = _mm_hadd_epi32(total, total);
        const __m128 dmin2 = _mm_unpacklo_ps(_mm256_castps256_ps128(dmin),
                                             _mm256_extractf128_ps(dmin, 1));
        minSum[r][p] = _mm_fmadd_ps(dmin2, _mm_cvtepi32_ps(total), minSum[r][p]);
      }
    }
  }
  for (int r = 0; r < R; ++r)
    for (int p = 0; p < P; ++p)
      for (int h = 0; h < 2; ++h) {
        const int i = 2 * p + h;
        alignas(64) float lanes[16];
        _mm512_store_ps(lanes, acc[r][p]);
        float v = sumLanes(_mm256_load_ps(lanes + 8 * h));
        if (F == KFormat::Q4_K)
          v = v + sumLanes(h ? _mm256_extractf128_ps(accMins[r][p], 1)
                             : _mm256_castps256_ps128(accMins[r][p]));
        else if (F == KFormat::Q5_K)
          v = v + (h ? _mm_cvtss_f32(_mm_movehdup_ps(minSum[r][p]))
                     : _mm_cvtss_f32(minSum[r][p]));
        out[i * outStride + r] = v;
      }
}

/// tilePanels() with panelTile512() for each group of four activation rows;
/// `rows4`: the weights are Q4_K in packQ4_KRows4() groups.
template <KFormat F>
THYMOS_KVNNI void tilePanels512(const KTile &t, bool rows4 = false) {
  const int64_t blocks = t.n / kSuperBlockElems;
  Panel panels[kPanelRows * kPanelMaxBlocks];
  const int64_t groups = t.actRows / 4;
  const KTile rest{t.format,      t.weights,   t.weightRowBytes, t.weightRows,
                   t.acts + groups * 4 * t.actRowBytes, t.actRowBytes,
                   t.actRows - groups * 4,      t.n,
                   t.out + groups * 4 * t.outStride,    t.outStride};
  for (int64_t r = 0; r < t.weightRows; r += kPanelRows) {
    const int rows = t.weightRows - r < kPanelRows ? 1 : kPanelRows;
    // A pair of rows (r even) lies in one group of four when packed.
    if (rows4)
      unpackRows<F>(t.weights + (r / 4) * 4 * t.weightRowBytes + (r % 4) * kQ4_KBlockBytes,
                    kQ4_KBlockBytes, 4 * kQ4_KBlockBytes, rows, blocks, panels);
    else
      unpackRows<F>(t.weights + r * t.weightRowBytes, t.weightRowBytes, kBlockBytesOf<F>, rows,
                    blocks, panels);
    for (int64_t g = 0; g < groups; ++g) {
      const uint8_t *act = t.acts + 4 * g * t.actRowBytes;
      float *out = t.out + 4 * g * t.outStride + r;
      if (rows == kPanelRows)
        panelTile512<F, kPanelRows>(panels, blocks, act, t.actRowBytes, out, t.outStride);
      else
        panelTile512<F, 1>(panels, blocks, act, t.actRowBytes, out, t.outStride);
    }
    if (rest.actRows == 0)
      continue;
    if (rows == kPanelRows)
      panelRows<F, kPanelRows>(panels, blocks, rest, rest.out + r);
    else
      panelRows<F, 1>(panels, blocks, rest, rest.out + r);
  }
}

} // namespace

THYMOS_KVNNI void tileKAvx512Vnni(const KTile &t) {
  if (t.actRows > 1 && t.n / kSuperBlockElems <= kPanelMaxBlocks) {
    switch (t.format) {
    case KFormat::Q4_K: return tilePanels512<KFormat::Q4_K>(t);
    case KFormat::Q5_K: return tilePanels512<KFormat::Q5_K>(t);
    case KFormat::Q6_K: return tilePanels512<KFormat::Q6_K>(t);
    }
  }
  for (int64_t i = 0; i < t.actRows; ++i)
    tileRows512(t, i);
}

THYMOS_KVNNI void tileQ4_KRows4Avx512Vnni(const KTile &t) {
  if (t.actRows >= 4)
    return tilePanels512<KFormat::Q4_K>(t, true);
  const int64_t blocks = t.n / kSuperBlockElems;
  alignas(64) uint8_t paired[kPanelMaxBlocks * kSuperBlockElems];
  for (int64_t i = 0; i < t.actRows; ++i) {
    const uint8_t *act = t.acts + i * t.actRowBytes;
    pairSubBlocks(act, blocks, paired);
    for (int64_t g = 0; g < t.weightRows / 4; ++g)
      rowsQ4_K512x4(t.weights + 4 * g * t.weightRowBytes, kQ4_KBlockBytes, 4 * kQ4_KBlockBytes,
                    act, paired, blocks, t.out + i * t.outStride + 4 * g);
  }
}

} // namespace thymos::quant::kernels

#endif // __x86_64__
