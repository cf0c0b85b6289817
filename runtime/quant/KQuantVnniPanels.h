//===- KQuantVnniPanels.h - K-quant x Q8_K prefill tiles with vpdpwssd -----===//
//
// Included after KQuantVnniRows.h (whose helpers it uses) by the same two
// files, which also define kPanelRows and kPanelActs, the register blocking.
//
// A prefill tile meets every weight super-block with many activation rows,
// and the row kernels spend most of their instructions on the weights:
// nibbles, scale unpacking, scale spreading. Here kPanelRows rows at a time
// are unpacked once into Panel blocks on the stack (quants as bytes, every
// chunk's int16 multipliers as a whole vector), and a micro-kernel runs
// them against kPanelActs activation rows at a time: per chunk of 32, one
// load per weight row and per activation row, then one maddubs and one
// vpdpwssd per output. The int32 lanes are the row kernels' (the same
// products, scales and offsets, only summed in another order, exactly), and
// the f32 operations per output are the scalar reference's, in its order.
//
//===----------------------------------------------------------------------===//
#pragma once

#if defined(__x86_64__)

namespace thymos::quant::kernels {
namespace {

/// One weight row's super-block, unpacked.
struct alignas(32) Panel {
  uint8_t q[256];       // quants, unsigned, in element order
  int16_t scale[8][16]; // chunk c's multipliers of its 16 maddubs lanes
  int16_t extra[16];    // Q4_K/Q5_K: mins 0..7 (then zeros); Q6_K: its 16 scales
  float d, dmin;        // f16 scales of the block, as f32 (dmin: Q4_K/Q5_K)
};

/// Rows longer than this (k > 8192) take the row kernels.
constexpr int64_t kPanelMaxBlocks = 32;

THYMOS_KVNNI inline void store256(void *at, __m256i v) {
  _mm256_store_si256(static_cast<__m256i *>(at), v);
}

/// A row's blocks are `blockStride` bytes apart: their size in a row-major
/// matrix, four times it in packQ4_KRows4() groups.
template <bool FifthBit>
THYMOS_KVNNI void unpackQ4_5K(const uint8_t *w, size_t blockStride, int64_t blocks,
                              Panel *out) {
  constexpr size_t kQs = FifthBit ? kQ5_KQsAt : kQ4_KQsAt;
  const SpreadBytes spread;
  for (int64_t b = 0; b < blocks; ++b, w += blockStride, ++out) {
    const __m128i scalesMins = scalesMinsBytes(w + kKScalesAt);
    const __m256i scales = _mm256_broadcastsi128_si256(scalesMins);
    const __m256i hbits = FifthBit ? load256(w + kQ5_KQhAt) : _mm256_setzero_si256();
    for (int c = 0; c < 4; ++c) {
      const __m256i bits = load256(w + kQs + 32 * c);
      store256(out->q + 64 * c, quantsQ4_5K<FifthBit>(bits, hbits, 2 * c));
      store256(out->q + 64 * c + 32, quantsQ4_5K<FifthBit>(bits, hbits, 2 * c + 1));
    }
    for (int s = 0; s < 8; ++s)
      store256(out->scale[s], _mm256_shuffle_epi8(scales, spread.lane[s]));
    store256(out->extra, _mm256_cvtepu8_epi16(_mm_srli_si128(scalesMins, 8)));
    out->d = halfScale(w);
    out->dmin = halfScale(w + 2);
  }
}

THYMOS_KVNNI void unpackQ6_K(const uint8_t *w, int64_t blocks, Panel *out) {
  const SpreadPairs pair;
  for (int64_t b = 0; b < blocks; ++b, w += kQ6_KBlockBytes, ++out) {
    const __m128i scales8 = load128(w + kQ6_KScalesAt);
    const __m256i evenOdd = evenOddScalesQ6_K(scales8);
    for (int h = 0; h < 2; ++h) {
      __m256i q[4];
      quantsQ6_K(w, h, q);
      for (int k = 0; k < 4; ++k)
        store256(out->q + 32 * (4 * h + k), q[k]);
    }
    for (int c = 0; c < 8; ++c)
      store256(out->scale[c], _mm256_shuffle_epi8(evenOdd, pair.lane[c]));
    store256(out->extra, _mm256_cvtepi8_epi16(scales8));
    out->d = halfScale(w + kQ6_KDAt);
    out->dmin = 0.0f;
  }
}

THYMOS_KVNNI inline __m256i loadPanel(const void *at) {
  return _mm256_load_si256(static_cast<const __m256i *>(at));
}

/// R unpacked rows (`panels`, `blocks` apart) against G activation rows:
/// out[i * outStride + r].
template <KFormat F, int R, int G>
THYMOS_KVNNI void panelTile(const Panel *panels, int64_t blocks, const uint8_t *act,
                            size_t actRowBytes, float *out, int64_t outStride) {
  __m256 acc[R][G];
  __m128 accMins[R][G];
  float minSum[R][G];
  for (int r = 0; r < R; ++r)
    for (int i = 0; i < G; ++i) {
      acc[r][i] = _mm256_setzero_ps();
      accMins[r][i] = _mm_setzero_ps();
      minSum[r][i] = 0.0f;
    }
  for (int64_t b = 0; b < blocks; ++b) {
    const uint8_t *ab[G];
    for (int i = 0; i < G; ++i)
      ab[i] = act + i * actRowBytes + b * kQ8_KBlockBytes;
    __m256i sum[R][G];
    for (int r = 0; r < R; ++r)
      for (int i = 0; i < G; ++i)
        sum[r][i] = F == KFormat::Q6_K ? offsetQ6_K(ab[i], loadPanel(panels[r * blocks + b].extra))
                                       : _mm256_setzero_si256();
    for (int c = 0; c < 8; ++c) {
      __m256i a[G];
      for (int i = 0; i < G; ++i)
        a[i] = load256(ab[i] + kQ8_KQsAt + 32 * c);
      for (int r = 0; r < R; ++r) {
        const Panel &p = panels[r * blocks + b];
        const __m256i q = loadPanel(p.q + 32 * c), s = loadPanel(p.scale[c]);
        for (int i = 0; i < G; ++i)
          sum[r][i] = dpwssd(sum[r][i], _mm256_maddubs_epi16(q, a[i]), s);
      }
    }
    for (int i = 0; i < G; ++i) {
      const float da = q8KScale(ab[i]);
      const __m128i subSums = F == KFormat::Q6_K ? _mm_setzero_si128() : subSumsQ8_K(ab[i]);
      for (int r = 0; r < R; ++r) {
        const Panel &p = panels[r * blocks + b];
        acc[r][i] = _mm256_fmadd_ps(_mm256_set1_ps(da * p.d), _mm256_cvtepi32_ps(sum[r][i]),
                                    acc[r][i]);
        if (F == KFormat::Q6_K)
          continue;
        const __m128i m = _mm_madd_epi16(_mm_load_si128(reinterpret_cast<const __m128i *>(p.extra)),
                                         subSums);
        const float dmin = -da * p.dmin;
        if (F == KFormat::Q4_K) {
          accMins[r][i] = _mm_fmadd_ps(_mm_set1_ps(dmin), _mm_cvtepi32_ps(m), accMins[r][i]);
          continue;
        }
        __m128i total = _mm_add_epi32(m, _mm_unpackhi_epi64(m, m));
        total = _mm_add_epi32(total, _mm_shuffle_epi32(total, 0xb1));
        minSum[r][i] = _mm_cvtss_f32(_mm_fmadd_ss(_mm_set_ss(dmin), _mm_cvtepi32_ps(total),
                                                  _mm_set_ss(minSum[r][i])));
      }
    }
  }
  for (int r = 0; r < R; ++r)
    for (int i = 0; i < G; ++i) {
      float v = sumLanes(acc[r][i]);
      if (F == KFormat::Q4_K)
        v = v + sumLanes(accMins[r][i]);
      else if (F == KFormat::Q5_K)
        v = v + minSum[r][i];
      out[i * outStride + r] = v;
    }
}

/// R unpacked rows against every activation row of the tile, kPanelActs at
/// a time, then the rest.
template <KFormat F, int R>
THYMOS_KVNNI void panelRows(const Panel *panels, int64_t blocks, const KTile &t, float *out) {
  static_assert(kPanelActs >= 1 && kPanelActs <= 4, "groups of 1 to 4 activation rows");
  int64_t i = 0;
  for (; i + kPanelActs <= t.actRows; i += kPanelActs)
    panelTile<F, R, kPanelActs>(panels, blocks, t.acts + i * t.actRowBytes, t.actRowBytes,
                                out + i * t.outStride, t.outStride);
  const uint8_t *act = t.acts + i * t.actRowBytes;
  out += i * t.outStride;
  switch (t.actRows - i) {
  case 1: panelTile<F, R, 1>(panels, blocks, act, t.actRowBytes, out, t.outStride); break;
  case 2:
    panelTile<F, R, (kPanelActs > 2 ? 2 : 1)>(panels, blocks, act, t.actRowBytes, out,
                                              t.outStride);
    break;
  case 3:
    panelTile<F, R, (kPanelActs > 3 ? 3 : 1)>(panels, blocks, act, t.actRowBytes, out,
                                              t.outStride);
    break;
  default: break;
  }
}

/// Rows `rowStride` bytes apart; a Q4_K/Q5_K row's blocks `blockStride`
/// apart (Q6_K rows are always row-major).
template <KFormat F>
THYMOS_KVNNI void unpackRows(const uint8_t *w, size_t rowStride, size_t blockStride, int rows,
                             int64_t blocks, Panel *out) {
  for (int r = 0; r < rows; ++r, w += rowStride, out += blocks) {
    if (F == KFormat::Q6_K)
      unpackQ6_K(w, blocks, out);
    else
      unpackQ4_5K<F == KFormat::Q5_K>(w, blockStride, blocks, out);
  }
}

template <KFormat F> constexpr size_t kBlockBytesOf =
    F == KFormat::Q4_K ? kQ4_KBlockBytes : F == KFormat::Q5_K ? kQ5_KBlockBytes : kQ6_KBlockBytes;

/// The whole tile through panels of kPanelRows weight rows.
template <KFormat F>
THYMOS_KVNNI void tilePanels(const KTile &t) {
  const int64_t blocks = t.n / kSuperBlockElems;
  Panel panels[kPanelRows * kPanelMaxBlocks];
  int64_t r = 0;
  for (; r + kPanelRows <= t.weightRows; r += kPanelRows) {
    unpackRows<F>(t.weights + r * t.weightRowBytes, t.weightRowBytes, kBlockBytesOf<F>, kPanelRows,
                  blocks, panels);
    panelRows<F, kPanelRows>(panels, blocks, t, t.out + r);
  }
  for (; r < t.weightRows; ++r) {
    unpackRows<F>(t.weights + r * t.weightRowBytes, t.weightRowBytes, kBlockBytesOf<F>, 1,
                  blocks, panels);
    panelRows<F, 1>(panels, blocks, t, t.out + r);
  }
}

} // namespace
} // namespace thymos::quant::kernels

#endif // __x86_64__
