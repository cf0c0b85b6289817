//===- MatMulBlocking.h - Tile sizes and micro-kernels of the blocked product ===//
//
// Shared by BlockedMatMul.cpp (the loops, packing, threads, the portable
// micro-kernel) and MatMulAvx2.cpp (the same micro-kernel with AVX2 + FMA,
// compiled for that target function by function, so the library still runs
// on any x86-64). Every micro-kernel reads the same packed layout, so the
// choice between them is one function pointer.
//
//===----------------------------------------------------------------------===//
#pragma once

#include <cstdint>

namespace thymos::rt::gemm {

template <typename T> struct Blocking {
  static constexpr int64_t kMR = 6; // rows per micro-tile
  // Columns per micro-tile: two AVX2 registers, so 6 x 2 accumulators plus
  // two B rows and a broadcast fit the 16 vector registers.
  static constexpr int64_t kNR = 64 / sizeof(T);
  // Depth of a packed slice: one KC x NR panel (16 KiB) stays in a 32 KiB L1
  // while the row tiles of A sweep it.
  static constexpr int64_t kKC = 256;
  // Columns of a packed block, kKC x kNC x sizeof(T) = 64 KiB: each thread
  // keeps one on its stack, and the block stays in L2 for all its panels.
  static constexpr int64_t kNC = 65536 / (kKC * sizeof(T));
  // Rows of A per work item: an MC x KC slice of A (96 or 192 KiB) is read
  // from L2 once per panel.
  static constexpr int64_t kMC = 96;
};

/// Bp[panel][p][jj] = B[pc + p][jc + panel·NR + jj] for p < kc, zero past
/// column nc: the KC x NC block of B as NR-wide panels, each p-major.
template <typename T>
using PackFn = void (*)(const T *b, T *bp, int64_t k, int64_t n, bool transposeB, int64_t pc,
                        int64_t kc, int64_t jc, int64_t nc);

/// C[0..mr)[0..nr) (+)= sum_p A[i][p] · Bp[p][j] for one MR x NR tile: each
/// result is summed over p in order, then added to C when `accumulate`.
/// `rows[i]` points at A's row i of the tile, already offset to the slice's
/// first p; rows past mr repeat a valid row and their results are dropped.
template <typename T>
using MicroKernelFn = void (*)(const T *const *rows, const T *bp, int64_t kc, T *c, int64_t ldc,
                               int64_t mr, int64_t nr, bool accumulate);

template <typename T> struct MicroKernels {
  PackFn<T> pack;
  MicroKernelFn<T> kernel;
};

/// The portable packing, also used by the AVX2 packer for a last, partial
/// panel and for B given as [k, n].
template <typename T>
void packPortable(const T *b, T *bp, int64_t k, int64_t n, bool transposeB, int64_t pc,
                  int64_t kc, int64_t jc, int64_t nc);

#if defined(__x86_64__)
/// MatMulAvx2.cpp; call only where the CPU has AVX2 and FMA.
extern const MicroKernels<float> kAvx2F32;
extern const MicroKernels<double> kAvx2F64;
#endif

} // namespace thymos::rt::gemm
