//===- BlockedMatMul.cpp - The cache-blocked f32/f64 matrix product ---------===//
//
// The hot spot of every model. The usual blocked scheme (Goto/BLIS), kept
// small. The product is cut into work items of MC rows x NC columns, which
// the threads share; each item, on its own thread:
//   for each KC-deep slice:
//     pack the KC x NC block of B into NR-wide panels (p-major, zero
//     padded), so the inner loop reads B sequentially whatever its layout;
//     for each NR panel (it stays in L1):
//       for each MR-row tile of the item's rows: the MR x NR micro-kernel.
// The micro-kernel keeps an MR x NR tile of C in registers and, per step p,
// does C[i][j] += A[i][p] · Bp[p][j]: a broadcast of A times one packed row.
// A is read in place; its MC x KC slice stays in L2 across the panels.
//
// Splitting columns rather than only row tiles lets even a prefill chunk of
// 64 rows (11 row tiles) share out evenly, and each thread packs only the B
// it uses. The packed block lives on the stack of the thread that packs it
// (64 KiB), so nothing allocates.
//
// Every result is summed over p in order within a slice, and slices are
// added to C in order: the sums do not depend on the thread count, and
// differ from the reference loop only by where each slice's partial sum
// starts (and by fused multiply-adds on the AVX2 path).
//
//===----------------------------------------------------------------------===//

#include "runtime/cpu/MatMul.h"
#include "runtime/cpu/MatMulBlocking.h"
#include "runtime/cpu/ThreadPool.h"

#include <algorithm>

namespace thymos::rt {

namespace gemm {

template <typename T>
void packPortable(const T *b, T *bp, int64_t k, int64_t n, bool transposeB, int64_t pc,
                  int64_t kc, int64_t jc, int64_t nc) {
  constexpr int64_t NR = Blocking<T>::kNR;
  for (int64_t j0 = 0; j0 < nc; j0 += NR) {
    T *panel = bp + j0 * kc;
    const int64_t width = std::min(nc - j0, NR);
    if (transposeB) {
      // B is [n,k]: column j of the product is row j of b, contiguous in p.
      for (int64_t jj = 0; jj < NR; ++jj) {
        const T *src = b + (jc + j0 + jj) * k + pc;
        for (int64_t p = 0; p < kc; ++p)
          panel[p * NR + jj] = jj < width ? src[p] : T(0);
      }
    } else {
      for (int64_t p = 0; p < kc; ++p) {
        const T *src = b + (pc + p) * n + jc + j0;
        for (int64_t jj = 0; jj < NR; ++jj)
          panel[p * NR + jj] = jj < width ? src[jj] : T(0);
      }
    }
  }
}

template void packPortable(const float *, float *, int64_t, int64_t, bool, int64_t, int64_t,
                           int64_t, int64_t);
template void packPortable(const double *, double *, int64_t, int64_t, bool, int64_t, int64_t,
                           int64_t, int64_t);

} // namespace gemm

namespace {

using namespace gemm;

/// The micro-kernel in plain C++, for CPUs without AVX2 and as the
/// reference the AVX2 one is tested against. The tile is done in two
/// halves of NR/2 columns: 6 x NR/2 accumulators are 12 registers of the
/// SSE2 baseline (or of NEON), which the compiler keeps out of memory.
template <typename T>
void microKernelPortable(const T *const *rows, const T *bp, int64_t kc, T *c, int64_t ldc,
                         int64_t mr, int64_t nr, bool accumulate) {
  constexpr int64_t MR = Blocking<T>::kMR, NR = Blocking<T>::kNR, H = NR / 2;
  for (int64_t h = 0; h * H < nr; ++h) {
    T acc[MR][H] = {};
    for (int64_t p = 0; p < kc; ++p) {
      const T *bRow = bp + p * NR + h * H;
      for (int64_t i = 0; i < MR; ++i) {
        T av = rows[i][p];
        for (int64_t j = 0; j < H; ++j)
          acc[i][j] += av * bRow[j];
      }
    }
    const int64_t width = std::min(nr - h * H, H);
    for (int64_t i = 0; i < mr; ++i) {
      T *ci = c + i * ldc + h * H;
      for (int64_t j = 0; j < width; ++j)
        ci[j] = accumulate ? ci[j] + acc[i][j] : acc[i][j];
    }
  }
}

template <typename T> constexpr MicroKernels<T> kPortable{packPortable<T>, microKernelPortable<T>};

template <typename T> const MicroKernels<T> &kernelsFor(MatMulIsa isa) {
#if defined(__x86_64__)
  static const bool avx2 = matmulIsaSupported(MatMulIsa::Avx2);
  if (isa == MatMulIsa::Avx2 && avx2) {
    if constexpr (sizeof(T) == 4)
      return kAvx2F32;
    else
      return kAvx2F64;
  }
#endif
  (void)isa;
  return kPortable<T>;
}

/// Below this many multiply-adds (a few microseconds of work) waking the
/// workers costs more than they save.
constexpr int64_t kMinParallelMacs = int64_t(1) << 18;

template <typename T> struct BlockedJob {
  const T *a, *b;
  T *c;
  int64_t m, k, n;
  bool transposeB;
  int64_t colBlocks; // items are numbered row block-major
  const MicroKernels<T> *kernels;
};

/// Work items [begin, end), each an MC x NC block of C.
template <typename T> void runItems(void *ctx, int64_t begin, int64_t end) {
  using B = Blocking<T>;
  constexpr int64_t MR = B::kMR, NR = B::kNR, KC = B::kKC, NC = B::kNC, MC = B::kMC;
  const BlockedJob<T> &job = *static_cast<const BlockedJob<T> *>(ctx);
  const MicroKernels<T> &kern = *job.kernels;
  alignas(64) T packed[KC * NC];
  for (int64_t item = begin; item < end; ++item) {
    const int64_t i0 = item / job.colBlocks * MC, jc = item % job.colBlocks * NC;
    const int64_t i1 = std::min(job.m, i0 + MC), nc = std::min(job.n - jc, NC);
    for (int64_t pc = 0; pc < job.k; pc += KC) {
      const int64_t kc = std::min(job.k - pc, KC);
      kern.pack(job.b, packed, job.k, job.n, job.transposeB, pc, kc, jc, nc);
      for (int64_t j0 = 0; j0 < nc; j0 += NR) {
        const int64_t nr = std::min(nc - j0, NR);
        for (int64_t i = i0; i < i1; i += MR) {
          const int64_t mr = std::min(i1 - i, MR);
          const T *rows[MR];
          for (int64_t r = 0; r < MR; ++r)
            rows[r] = job.a + (i + std::min(r, mr - 1)) * job.k + pc;
          kern.kernel(rows, packed + j0 * kc, kc, job.c + i * job.n + jc + j0, job.n, mr, nr,
                      pc > 0);
        }
      }
    }
  }
}

template <typename T>
void blockedImpl(const T *a, const T *b, T *c, int64_t m, int64_t k, int64_t n, bool transposeB,
                 ThreadPool *threads, MatMulIsa isa) {
  using B = Blocking<T>;
  if (m <= 0 || n <= 0)
    return;
  if (k <= 0) {
    std::fill(c, c + m * n, T(0));
    return;
  }
  const int64_t rowBlocks = (m + B::kMC - 1) / B::kMC, colBlocks = (n + B::kNC - 1) / B::kNC;
  BlockedJob<T> job{a, b, c, m, k, n, transposeB, colBlocks, &kernelsFor<T>(isa)};
  const int64_t items = rowBlocks * colBlocks;
  if (threads && threads->size() > 1 && items > 1 && m * n * k >= kMinParallelMacs)
    threads->parallelFor(items, runItems<T>, &job);
  else
    runItems<T>(&job, 0, items);
}

} // namespace

bool matmulIsaSupported(MatMulIsa isa) {
  switch (isa) {
  case MatMulIsa::Portable:
    return true;
  case MatMulIsa::Avx2:
#if defined(__x86_64__)
    __builtin_cpu_init(); // may run before the constructors that usually do it
    return __builtin_cpu_supports("avx2") && __builtin_cpu_supports("fma");
#else
    return false;
#endif
  }
  return false;
}

MatMulIsa matmulActiveIsa() {
  static const MatMulIsa best =
      matmulIsaSupported(MatMulIsa::Avx2) ? MatMulIsa::Avx2 : MatMulIsa::Portable;
  return best;
}

const char *matmulIsaName(MatMulIsa isa) {
  return isa == MatMulIsa::Avx2 ? "avx2" : "portable";
}

void matmulFast(const float *a, const float *b, float *c, int64_t m, int64_t k, int64_t n,
                bool transposeB, ThreadPool *threads, MatMulIsa isa) {
  blockedImpl(a, b, c, m, k, n, transposeB, threads, isa);
}
void matmulFast(const double *a, const double *b, double *c, int64_t m, int64_t k, int64_t n,
                bool transposeB, ThreadPool *threads, MatMulIsa isa) {
  blockedImpl(a, b, c, m, k, n, transposeB, threads, isa);
}

} // namespace thymos::rt
