//===- MatMulAvx2.cpp - The blocked product's micro-kernel with AVX2 + FMA --===//
//
// The same tile as the portable micro-kernel (BlockedMatMul.cpp), written
// with intrinsics so that the 6 x 2 accumulators, the two packed B vectors
// and the broadcast of A stay in the 16 ymm registers: per step p, two
// loads, six broadcasts and twelve fused multiply-adds. Each function is
// compiled for AVX2 + FMA through its target attribute, with no -march for
// the file, and runs only after matmulIsaSupported(Avx2) said yes.
//
// Packing B given as [n, k] weight rows (a model's linear layers) is a
// transpose: eight rows of eight are read contiguously and transposed in
// registers, so neither side is touched one element at a time.
//
//===----------------------------------------------------------------------===//

#include "runtime/cpu/MatMulBlocking.h"

#if defined(__x86_64__)

#include <immintrin.h>

#define THYMOS_AVX2 __attribute__((target("avx2,fma")))

namespace thymos::rt::gemm {

namespace {

/// The few vector operations the micro-kernel needs, per element type.
template <typename T> struct Vec;

template <> struct Vec<float> {
  using V = __m256;
  static constexpr int64_t kLanes = 8;
  THYMOS_AVX2 static V zero() { return _mm256_setzero_ps(); }
  THYMOS_AVX2 static V load(const float *p) { return _mm256_loadu_ps(p); }
  THYMOS_AVX2 static V splat(const float *p) { return _mm256_broadcast_ss(p); }
  THYMOS_AVX2 static V fma(V a, V b, V c) { return _mm256_fmadd_ps(a, b, c); }
  THYMOS_AVX2 static V add(V a, V b) { return _mm256_add_ps(a, b); }
  THYMOS_AVX2 static void store(float *p, V v) { _mm256_storeu_ps(p, v); }
};

template <> struct Vec<double> {
  using V = __m256d;
  static constexpr int64_t kLanes = 4;
  THYMOS_AVX2 static V zero() { return _mm256_setzero_pd(); }
  THYMOS_AVX2 static V load(const double *p) { return _mm256_loadu_pd(p); }
  THYMOS_AVX2 static V splat(const double *p) { return _mm256_broadcast_sd(p); }
  THYMOS_AVX2 static V fma(V a, V b, V c) { return _mm256_fmadd_pd(a, b, c); }
  THYMOS_AVX2 static V add(V a, V b) { return _mm256_add_pd(a, b); }
  THYMOS_AVX2 static void store(double *p, V v) { _mm256_storeu_pd(p, v); }
};

template <typename T>
THYMOS_AVX2 void microKernelAvx2(const T *const *rows, const T *bp, int64_t kc, T *c,
                                 int64_t ldc, int64_t mr, int64_t nr, bool accumulate) {
  using S = Vec<T>;
  using V = typename S::V;
  constexpr int64_t MR = Blocking<T>::kMR, NR = Blocking<T>::kNR, L = S::kLanes;
  static_assert(NR == 2 * L, "a tile row is two vectors");
  const T *a0 = rows[0], *a1 = rows[1], *a2 = rows[2], *a3 = rows[3], *a4 = rows[4],
          *a5 = rows[5];
  V c00 = S::zero(), c01 = S::zero(), c10 = S::zero(), c11 = S::zero(), c20 = S::zero(),
    c21 = S::zero(), c30 = S::zero(), c31 = S::zero(), c40 = S::zero(), c41 = S::zero(),
    c50 = S::zero(), c51 = S::zero();
  for (int64_t p = 0; p < kc; ++p, bp += NR) {
    const V b0 = S::load(bp), b1 = S::load(bp + L);
    V av = S::splat(a0 + p);
    c00 = S::fma(av, b0, c00);
    c01 = S::fma(av, b1, c01);
    av = S::splat(a1 + p);
    c10 = S::fma(av, b0, c10);
    c11 = S::fma(av, b1, c11);
    av = S::splat(a2 + p);
    c20 = S::fma(av, b0, c20);
    c21 = S::fma(av, b1, c21);
    av = S::splat(a3 + p);
    c30 = S::fma(av, b0, c30);
    c31 = S::fma(av, b1, c31);
    av = S::splat(a4 + p);
    c40 = S::fma(av, b0, c40);
    c41 = S::fma(av, b1, c41);
    av = S::splat(a5 + p);
    c50 = S::fma(av, b0, c50);
    c51 = S::fma(av, b1, c51);
  }
  const V acc[MR][2] = {{c00, c01}, {c10, c11}, {c20, c21},
                        {c30, c31}, {c40, c41}, {c50, c51}};
  if (mr == MR && nr == NR) {
    for (int64_t i = 0; i < MR; ++i) {
      T *ci = c + i * ldc;
      S::store(ci, accumulate ? S::add(S::load(ci), acc[i][0]) : acc[i][0]);
      S::store(ci + L, accumulate ? S::add(S::load(ci + L), acc[i][1]) : acc[i][1]);
    }
    return;
  }
  // An edge tile: through a buffer, so that nothing past C's edge is touched.
  alignas(32) T tile[MR][NR];
  for (int64_t i = 0; i < MR; ++i) {
    S::store(tile[i], acc[i][0]);
    S::store(tile[i] + L, acc[i][1]);
  }
  for (int64_t i = 0; i < mr; ++i)
    for (int64_t j = 0; j < nr; ++j)
      c[i * ldc + j] = accumulate ? c[i * ldc + j] + tile[i][j] : tile[i][j];
}

/// Eight rows of eight floats, transposed: out[p] holds element p of rows 0..7.
THYMOS_AVX2 void transpose8x8(__m256 r[8]) {
  const __m256 t0 = _mm256_unpacklo_ps(r[0], r[1]), t1 = _mm256_unpackhi_ps(r[0], r[1]),
               t2 = _mm256_unpacklo_ps(r[2], r[3]), t3 = _mm256_unpackhi_ps(r[2], r[3]),
               t4 = _mm256_unpacklo_ps(r[4], r[5]), t5 = _mm256_unpackhi_ps(r[4], r[5]),
               t6 = _mm256_unpacklo_ps(r[6], r[7]), t7 = _mm256_unpackhi_ps(r[6], r[7]);
  const __m256 u0 = _mm256_shuffle_ps(t0, t2, 0x44), u1 = _mm256_shuffle_ps(t0, t2, 0xEE),
               u2 = _mm256_shuffle_ps(t1, t3, 0x44), u3 = _mm256_shuffle_ps(t1, t3, 0xEE),
               u4 = _mm256_shuffle_ps(t4, t6, 0x44), u5 = _mm256_shuffle_ps(t4, t6, 0xEE),
               u6 = _mm256_shuffle_ps(t5, t7, 0x44), u7 = _mm256_shuffle_ps(t5, t7, 0xEE);
  r[0] = _mm256_permute2f128_ps(u0, u4, 0x20);
  r[1] = _mm256_permute2f128_ps(u1, u5, 0x20);
  r[2] = _mm256_permute2f128_ps(u2, u6, 0x20);
  r[3] = _mm256_permute2f128_ps(u3, u7, 0x20);
  r[4] = _mm256_permute2f128_ps(u0, u4, 0x31);
  r[5] = _mm256_permute2f128_ps(u1, u5, 0x31);
  r[6] = _mm256_permute2f128_ps(u2, u6, 0x31);
  r[7] = _mm256_permute2f128_ps(u3, u7, 0x31);
}

/// packPortable's layout for f32, with full panels of [n, k] rows packed
/// through 8 x 8 transposes.
THYMOS_AVX2 void packAvx2F32(const float *b, float *bp, int64_t k, int64_t n, bool transposeB,
                             int64_t pc, int64_t kc, int64_t jc, int64_t nc) {
  constexpr int64_t NR = Blocking<float>::kNR;
  const int64_t full = transposeB ? nc / NR * NR : 0;
  for (int64_t j0 = 0; j0 < full; j0 += NR) {
    float *panel = bp + j0 * kc;
    for (int64_t h = 0; h < NR; h += 8) {
      const float *src = b + (jc + j0 + h) * k + pc;
      int64_t p = 0;
      for (; p + 8 <= kc; p += 8) {
        __m256 r[8];
        for (int64_t jj = 0; jj < 8; ++jj)
          r[jj] = _mm256_loadu_ps(src + jj * k + p);
        transpose8x8(r);
        for (int64_t q = 0; q < 8; ++q)
          _mm256_storeu_ps(panel + (p + q) * NR + h, r[q]);
      }
      for (; p < kc; ++p)
        for (int64_t jj = 0; jj < 8; ++jj)
          panel[p * NR + h + jj] = src[jj * k + p];
    }
  }
  if (full < nc)
    packPortable(b, bp + full * kc, k, n, transposeB, pc, kc, jc + full, nc - full);
}

} // namespace

const MicroKernels<float> kAvx2F32{packAvx2F32, microKernelAvx2<float>};
const MicroKernels<double> kAvx2F64{packPortable<double>, microKernelAvx2<double>};

} // namespace thymos::rt::gemm

#endif // __x86_64__
