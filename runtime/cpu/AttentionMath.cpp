//===- AttentionMath.cpp - The per-CPU inner loops of attention -----------===//
//
// The portable loops widen a row to binary64 once, then use it for every
// query head. The AVX2 + FMA loops widen four f32 at a time in registers and
// keep the partial sums of all the chunk's query heads in registers: each
// key quad is loaded once for every head's score, and each value element
// once per chunk for the weighted sums, whose additions then run in the key
// order of the portable loop (the same bits). The scores' additions are
// reassociated four lanes wide; that moves them by binary64 rounding only,
// far below the f32 result's.
//
//===----------------------------------------------------------------------===//

#include "runtime/cpu/AttentionMath.h"

#include <algorithm>
#include <cmath>

#if defined(__x86_64__)
#include <immintrin.h>
#endif

namespace thymos::rt::attention {

namespace {

template <typename T> void prefetchRow(const T *row, int64_t n) {
  const auto *bytes = reinterpret_cast<const char *>(row);
  for (size_t at = 0; at < static_cast<size_t>(n) * sizeof(T); at += 64)
    __builtin_prefetch(bytes + at);
}

/// Asks for key and value row j + kPrefetchRows of the chunk, if attended.
template <typename T> void prefetchAhead(const Chunk<T> &c, int64_t j) {
  if (j + kPrefetchRows < c.rowsLeft) {
    prefetchRow(c.k + (j + kPrefetchRows) * c.stride, c.dim);
    prefetchRow(c.v + (j + kPrefetchRows) * c.stride, c.dim);
  }
}

template <typename T> void widen(const T *x, double *y, int64_t n) {
  for (int64_t d = 0; d < n; ++d)
    y[d] = double(x[d]);
}

double dot(const double *x, const double *y, int64_t n) {
  double s[4] = {0.0, 0.0, 0.0, 0.0};
  int64_t d = 0;
  for (; d + 4 <= n; d += 4)
    for (int l = 0; l < 4; ++l)
      s[l] += x[d + l] * y[d + l];
  double sum = (s[0] + s[2]) + (s[1] + s[3]);
  for (; d < n; ++d)
    sum += x[d] * y[d];
  return sum;
}

template <typename T> void scorePortable(const Chunk<T> &c, double scale, ChunkScores &scores) {
  double row[kMaxDim];
  for (int64_t j = 0; j < c.keys; ++j) {
    prefetchAhead(c, j);
    widen(c.k + j * c.stride, row, c.dim);
    for (int64_t h = 0; h < c.heads; ++h)
      scores[h][j] = dot(c.q[h], row, c.dim) * scale;
  }
}

template <typename T>
void accumulatePortable(const Chunk<T> &c, const ChunkScores &w, QueryRows &acc) {
  double row[kMaxDim];
  for (int64_t j = 0; j < c.keys; ++j) {
    widen(c.v + j * c.stride, row, c.dim);
    for (int64_t h = 0; h < c.heads; ++h)
      for (int64_t d = 0; d < c.dim; ++d)
        acc[h][d] += w[h][j] * row[d];
  }
}

void expsPortable(double *x, int64_t n) {
  for (int64_t j = 0; j < n; ++j)
    x[j] = std::exp(x[j]);
}

#if defined(__x86_64__)
#define THYMOS_AVX2_FMA __attribute__((target("avx2,fma")))

/// {sum of a's lanes, of b's, of c's, of d's}.
THYMOS_AVX2_FMA inline __m256d laneSums(__m256d a, __m256d b, __m256d c, __m256d d) {
  const __m256d ab = _mm256_hadd_pd(a, b), cd = _mm256_hadd_pd(c, d);
  return _mm256_add_pd(_mm256_permute2f128_pd(ab, cd, 0x20),
                       _mm256_permute2f128_pd(ab, cd, 0x31));
}

THYMOS_AVX2_FMA inline __m256d widen4(const float *x) {
  return _mm256_cvtps_pd(_mm_loadu_ps(x));
}

/// K keys at a time, H heads: K * H sums in registers (enough independent
/// chains to hide the multiply-add latency), one load of each key quad for
/// all heads.
template <int H, int K>
THYMOS_AVX2_FMA void scoreAvx2(const Chunk<float> &c, double scale, ChunkScores &scores) {
  const int64_t dim4 = c.dim & ~int64_t(3);
  for (int64_t j = 0; j < c.keys; j += K) {
    const int64_t here = std::min<int64_t>(K, c.keys - j);
    const float *rows[K];
    for (int p = 0; p < K; ++p) {
      prefetchAhead(c, j + p);
      // Past the chunk's end, repeat its last row (scored, never stored).
      rows[p] = c.k + (j + std::min<int64_t>(p, here - 1)) * c.stride;
    }
    __m256d s[K][4];
    for (int p = 0; p < K; ++p)
      for (int h = 0; h < 4; ++h)
        s[p][h] = _mm256_setzero_pd();
    for (int64_t d = 0; d < dim4; d += 4) {
      __m256d x[K];
      for (int p = 0; p < K; ++p)
        x[p] = widen4(rows[p] + d);
      for (int h = 0; h < H; ++h) {
        const __m256d qh = _mm256_loadu_pd(c.q[h] + d);
        for (int p = 0; p < K; ++p)
          s[p][h] = _mm256_fmadd_pd(qh, x[p], s[p][h]);
      }
    }
    for (int64_t p = 0; p < here; ++p) {
      alignas(32) double sums[4];
      _mm256_store_pd(sums, laneSums(s[p][0], s[p][1], s[p][2], s[p][3]));
      for (int h = 0; h < H; ++h) {
        double sum = sums[h];
        for (int64_t d = dim4; d < c.dim; ++d)
          sum += c.q[h][d] * double(rows[p][d]);
        scores[h][j + p] = sum * scale;
      }
    }
  }
}

/// 4 * W value elements of H heads at a time, in registers across all the
/// chunk's keys, from element `from` while a whole group fits; returns
/// where it stopped.
template <int H, int W>
THYMOS_AVX2_FMA int64_t accumulateAvx2(const Chunk<float> &c, const ChunkScores &w,
                                       QueryRows &acc, int64_t from, int64_t j0, int64_t j1) {
  int64_t d = from;
  for (; d + 4 * W <= c.dim; d += 4 * W) {
    __m256d a[H][W];
    for (int h = 0; h < H; ++h)
      for (int u = 0; u < W; ++u)
        a[h][u] = _mm256_loadu_pd(acc[h] + d + 4 * u);
    const float *row = c.v + j0 * c.stride + d;
    for (int64_t j = j0; j < j1; ++j, row += c.stride) {
      __m256d x[W];
      for (int u = 0; u < W; ++u)
        x[u] = widen4(row + 4 * u);
      for (int h = 0; h < H; ++h) {
        const __m256d wj = _mm256_broadcast_sd(&w[h][j]);
        for (int u = 0; u < W; ++u)
          a[h][u] = _mm256_fmadd_pd(wj, x[u], a[h][u]);
      }
    }
    for (int h = 0; h < H; ++h)
      for (int u = 0; u < W; ++u)
        _mm256_storeu_pd(acc[h] + d + 4 * u, a[h][u]);
  }
  return d;
}

/// Keys a few rows at a time (rows a power-of-two apart share few L1 sets, so
/// a whole chunk's would evict each other before the next group of
/// elements reads them again); in each, wide groups of elements first, then
/// single quads, then element by element. Each element still adds its
/// terms in key order.
template <int H>
THYMOS_AVX2_FMA void accumulateHeadsAvx2(const Chunk<float> &c, const ChunkScores &w,
                                         QueryRows &acc) {
  constexpr int kWide = H == 1 ? 8 : H == 2 ? 4 : 2;
  constexpr int64_t kRowsTogether = 8;
  for (int64_t j0 = 0; j0 < c.keys; j0 += kRowsTogether) {
    const int64_t j1 = std::min(c.keys, j0 + kRowsTogether);
    int64_t d = accumulateAvx2<H, kWide>(c, w, acc, 0, j0, j1);
    d = accumulateAvx2<H, 1>(c, w, acc, d, j0, j1);
    for (; d < c.dim; ++d)
      for (int64_t j = j0; j < j1; ++j)
        for (int h = 0; h < H; ++h)
          acc[h][d] = std::fma(w[h][j], double(c.v[j * c.stride + d]), acc[h][d]);
  }
}

THYMOS_AVX2_FMA void scoreF32Avx2(const Chunk<float> &c, double scale, ChunkScores &scores) {
  switch (c.heads) {
  case 1: return scoreAvx2<1, 4>(c, scale, scores);
  case 2: return scoreAvx2<2, 4>(c, scale, scores);
  case 3: return scoreAvx2<3, 2>(c, scale, scores);
  default: return scoreAvx2<4, 2>(c, scale, scores);
  }
}

THYMOS_AVX2_FMA void accumulateF32Avx2(const Chunk<float> &c, const ChunkScores &w,
                                       QueryRows &acc) {
  switch (c.heads) {
  case 1: return accumulateHeadsAvx2<1>(c, w, acc);
  case 2: return accumulateHeadsAvx2<2>(c, w, acc);
  case 3: return accumulateHeadsAvx2<3>(c, w, acc);
  default: return accumulateHeadsAvx2<4>(c, w, acc);
  }
}

/// exp() four lanes at a time for arguments in [-708, 0] (a score minus the
/// running maximum), within 2 ulp of the correctly rounded binary64 value:
/// x = k ln 2 + r with |r| <= ln 2 / 2, exp(r) by its Taylor series to
/// r^12 (the remainder is below 2^-52 of it), times 2^k built in the
/// exponent bits. Other arguments (-inf, NaN, or below -708 where the
/// result is subnormal) go to std::exp lane by lane.
THYMOS_AVX2_FMA void expsAvx2(double *x, int64_t n) {
  const __m256d log2e = _mm256_set1_pd(1.4426950408889634);
  const __m256d ln2hi = _mm256_set1_pd(0.6931471805598903);
  const __m256d ln2lo = _mm256_set1_pd(5.497923018708371e-14);
  const __m256d lowest = _mm256_set1_pd(-708.0), zero = _mm256_setzero_pd();
  int64_t j = 0;
  for (; j + 4 <= n; j += 4) {
    const __m256d v = _mm256_loadu_pd(x + j);
    const __m256d inRange = _mm256_and_pd(_mm256_cmp_pd(v, lowest, _CMP_GE_OQ),
                                          _mm256_cmp_pd(v, zero, _CMP_LE_OQ));
    if (_mm256_movemask_pd(inRange) != 0xf) {
      for (int l = 0; l < 4; ++l)
        x[j + l] = std::exp(x[j + l]);
      continue;
    }
    const __m256d k = _mm256_round_pd(_mm256_mul_pd(v, log2e),
                                      _MM_FROUND_TO_NEAREST_INT | _MM_FROUND_NO_EXC);
    const __m256d r = _mm256_fnmadd_pd(k, ln2lo, _mm256_fnmadd_pd(k, ln2hi, v));
    // 1 + r + r^2/2! + ... + r^12/12!, by Horner's rule.
    __m256d p = _mm256_set1_pd(1.0 / 479001600.0);
    static const double kInverseFactorials[12] = {
        1.0 / 39916800.0, 1.0 / 3628800.0, 1.0 / 362880.0, 1.0 / 40320.0,
        1.0 / 5040.0,     1.0 / 720.0,     1.0 / 120.0,    1.0 / 24.0,
        1.0 / 6.0,        0.5,             1.0,            1.0};
    for (double c : kInverseFactorials)
      p = _mm256_fmadd_pd(p, r, _mm256_set1_pd(c));
    // 2^k: k + 1023 in the exponent field (k >= -1022 here).
    const __m128i k32 = _mm256_cvtpd_epi32(k);
    const __m256i biased = _mm256_add_epi64(_mm256_cvtepi32_epi64(k32), _mm256_set1_epi64x(1023));
    const __m256i bits = _mm256_slli_epi64(biased, 52);
    _mm256_storeu_pd(x + j, _mm256_mul_pd(p, _mm256_castsi256_pd(bits)));
  }
  for (; j < n; ++j)
    x[j] = std::exp(x[j]);
}

/// AVX-512F: the AVX2 loops' bits with eight doubles per instruction (Zen 5
/// runs them at full width; a core that splits them pays what AVX2 does).
/// Scores hold two keys per register, each in its own four lanes, so every
/// key's sum is the AVX2 four-lane sum folded the same way; weighted sums
/// hold eight consecutive elements, each still adding its terms in key order.
#define THYMOS_AVX512 __attribute__((target("avx2,fma,avx512f")))

// GCC 12's 512-bit intrinsics pass _mm512_undefined_*() (a self-initialized
// variable) as the unused merge source, which -Wmaybe-uninitialized reports
// once they are inlined here: a false positive.
#if defined(__GNUC__) && !defined(__clang__)
#pragma GCC diagnostic push
#pragma GCC diagnostic ignored "-Wmaybe-uninitialized"
#endif

/// The quads of rows a and b at element d, widened into one register.
THYMOS_AVX512 inline __m512d widenPair(const float *a, const float *b) {
  return _mm512_cvtps_pd(
      _mm256_insertf128_ps(_mm256_castps128_ps256(_mm_loadu_ps(a)), _mm_loadu_ps(b), 1));
}

/// P pairs of keys at a time, H heads: P * H sums in registers.
template <int H, int P>
THYMOS_AVX512 void scoreAvx512(const Chunk<float> &c, double scale, ChunkScores &scores) {
  constexpr int K = 2 * P;
  const int64_t dim4 = c.dim & ~int64_t(3);
  for (int64_t j = 0; j < c.keys; j += K) {
    const int64_t here = std::min<int64_t>(K, c.keys - j);
    const float *rows[K];
    for (int p = 0; p < K; ++p) {
      prefetchAhead(c, j + p);
      rows[p] = c.k + (j + std::min<int64_t>(p, here - 1)) * c.stride;
    }
    __m512d s[P][4];
    for (int p = 0; p < P; ++p)
      for (int h = 0; h < 4; ++h)
        s[p][h] = _mm512_setzero_pd();
    for (int64_t d = 0; d < dim4; d += 4) {
      __m512d x[P];
      for (int p = 0; p < P; ++p)
        x[p] = widenPair(rows[2 * p] + d, rows[2 * p + 1] + d);
      for (int h = 0; h < H; ++h) {
        const __m512d qh = _mm512_broadcast_f64x4(_mm256_loadu_pd(c.q[h] + d));
        for (int p = 0; p < P; ++p)
          s[p][h] = _mm512_fmadd_pd(qh, x[p], s[p][h]);
      }
    }
    for (int64_t p = 0; p < here; ++p) {
      __m256d lanes[4];
      for (int h = 0; h < 4; ++h)
        lanes[h] = p % 2 ? _mm512_extractf64x4_pd(s[p / 2][h], 1)
                         : _mm512_extractf64x4_pd(s[p / 2][h], 0);
      alignas(32) double sums[4];
      _mm256_store_pd(sums, laneSums(lanes[0], lanes[1], lanes[2], lanes[3]));
      for (int h = 0; h < H; ++h) {
        double sum = sums[h];
        for (int64_t d = dim4; d < c.dim; ++d)
          sum += c.q[h][d] * double(rows[p][d]);
        scores[h][j + p] = sum * scale;
      }
    }
  }
}

/// 8 * W value elements of H heads at a time; see accumulateAvx2().
template <int H, int W>
THYMOS_AVX512 int64_t accumulateAvx512(const Chunk<float> &c, const ChunkScores &w,
                                       QueryRows &acc, int64_t from, int64_t j0, int64_t j1) {
  int64_t d = from;
  for (; d + 8 * W <= c.dim; d += 8 * W) {
    __m512d a[H][W];
    for (int h = 0; h < H; ++h)
      for (int u = 0; u < W; ++u)
        a[h][u] = _mm512_loadu_pd(acc[h] + d + 8 * u);
    const float *row = c.v + j0 * c.stride + d;
    for (int64_t j = j0; j < j1; ++j, row += c.stride) {
      __m512d x[W];
      for (int u = 0; u < W; ++u)
        x[u] = _mm512_cvtps_pd(_mm256_loadu_ps(row + 8 * u));
      for (int h = 0; h < H; ++h) {
        const __m512d wj = _mm512_set1_pd(w[h][j]);
        for (int u = 0; u < W; ++u)
          a[h][u] = _mm512_fmadd_pd(wj, x[u], a[h][u]);
      }
    }
    for (int h = 0; h < H; ++h)
      for (int u = 0; u < W; ++u)
        _mm512_storeu_pd(acc[h] + d + 8 * u, a[h][u]);
  }
  return d;
}

template <int H>
THYMOS_AVX512 void accumulateHeadsAvx512(const Chunk<float> &c, const ChunkScores &w,
                                         QueryRows &acc) {
  constexpr int kWide = H == 1 ? 8 : H == 2 ? 4 : 2;
  constexpr int64_t kRowsTogether = 8;
  for (int64_t j0 = 0; j0 < c.keys; j0 += kRowsTogether) {
    const int64_t j1 = std::min(c.keys, j0 + kRowsTogether);
    int64_t d = accumulateAvx512<H, kWide>(c, w, acc, 0, j0, j1);
    d = accumulateAvx512<H, 1>(c, w, acc, d, j0, j1);
    for (; d < c.dim; ++d)
      for (int64_t j = j0; j < j1; ++j)
        for (int h = 0; h < H; ++h)
          acc[h][d] = std::fma(w[h][j], double(c.v[j * c.stride + d]), acc[h][d]);
  }
}

THYMOS_AVX512 void scoreF32Avx512(const Chunk<float> &c, double scale, ChunkScores &scores) {
  switch (c.heads) {
  case 1: return scoreAvx512<1, 8>(c, scale, scores);
  case 2: return scoreAvx512<2, 4>(c, scale, scores);
  case 3: return scoreAvx512<3, 2>(c, scale, scores);
  default: return scoreAvx512<4, 2>(c, scale, scores);
  }
}

THYMOS_AVX512 void accumulateF32Avx512(const Chunk<float> &c, const ChunkScores &w,
                                       QueryRows &acc) {
  switch (c.heads) {
  case 1: return accumulateHeadsAvx512<1>(c, w, acc);
  case 2: return accumulateHeadsAvx512<2>(c, w, acc);
  case 3: return accumulateHeadsAvx512<3>(c, w, acc);
  default: return accumulateHeadsAvx512<4>(c, w, acc);
  }
}

#if defined(__GNUC__) && !defined(__clang__)
#pragma GCC diagnostic pop
#endif

/// widen() in stores of four doubles, the width the loads that read the
/// query rows back use: a load that spans two narrower stores cannot be
/// forwarded from them and waits until they reach the cache.
THYMOS_AVX2_FMA void widenAvx2(const float *x, double *y, int64_t n) {
  int64_t d = 0;
  for (; d + 4 <= n; d += 4)
    _mm256_storeu_pd(y + d, widen4(x + d));
  for (; d < n; ++d)
    y[d] = double(x[d]);
}
#endif

/// The best kernels of this CPU up to `level`.
HeadKernels chooseHeadKernels(HeadKernelLevel level) {
  HeadKernels k{scorePortable<float>, accumulatePortable<float>, scorePortable<double>,
                accumulatePortable<double>, expsPortable, widen<float>};
#if defined(__x86_64__)
  __builtin_cpu_init();
  if (level != HeadKernelLevel::Portable && __builtin_cpu_supports("avx2") &&
      __builtin_cpu_supports("fma")) {
    k.scoreF32 = scoreF32Avx2;
    k.accumulateF32 = accumulateF32Avx2;
    k.exps = expsAvx2;
    k.widenF32 = widenAvx2;
    if (level != HeadKernelLevel::Avx2 && __builtin_cpu_supports("avx512f")) {
      k.scoreF32 = scoreF32Avx512;
      k.accumulateF32 = accumulateF32Avx512;
    }
  }
#else
  (void)level;
#endif
  return k;
}

} // namespace

const HeadKernels &headKernels() {
  static const HeadKernels chosen = chooseHeadKernels(HeadKernelLevel::Best);
  return chosen;
}

HeadKernels headKernelsUpTo(HeadKernelLevel level) { return chooseHeadKernels(level); }

} // namespace thymos::rt::attention
