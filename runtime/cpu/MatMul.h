//===- MatMul.h - Single-matrix products, for the kernel and its bench ------===//
//
// C[m,n] = A[m,k] · B, where B is [k,n] row-major, or [n,k] when transposeB.
// All matrices are dense and row-major. The reference is the textbook triple
// loop; the fast path computes the same sums blocked for the caches. Their
// results differ only by rounding (the fast path adds in another order).
//
//===----------------------------------------------------------------------===//
#pragma once

#include "runtime/Tensor.h"
#include "runtime/quant/KQuant.h"

#include <cstdint>

namespace thymos::rt {

class ThreadPool;

void matmulReference(const float *a, const float *b, float *c, int64_t m, int64_t k, int64_t n,
                     bool transposeB);
void matmulReference(const double *a, const double *b, double *c, int64_t m, int64_t k,
                     int64_t n, bool transposeB);

/// The blocked path's micro-kernel: plain C++ for any CPU, or AVX2 + FMA,
/// chosen at run time (no -march). Tests pass one explicitly to check the
/// portable one on hosts that would pick AVX2.
enum class MatMulIsa { Portable, Avx2 };
bool matmulIsaSupported(MatMulIsa isa);
/// The best supported one, decided once per process.
MatMulIsa matmulActiveIsa();
const char *matmulIsaName(MatMulIsa isa);

/// The blocked path (BlockedMatMul.cpp). `threads` may be null (the calling
/// thread does all the work); the results do not depend on the thread count.
/// An unsupported `isa` runs the portable micro-kernel.
void matmulFast(const float *a, const float *b, float *c, int64_t m, int64_t k, int64_t n,
                bool transposeB, ThreadPool *threads, MatMulIsa isa = matmulActiveIsa());
void matmulFast(const double *a, const double *b, double *c, int64_t m, int64_t k, int64_t n,
                bool transposeB, ThreadPool *threads, MatMulIsa isa = matmulActiveIsa());

/// The f32 product as the matmul kernel runs it: a few rows of A times weight
/// rows (transpose_b, m <= kMatVecMaxRows) stream the weights through
/// matvecWeightRows, anything else takes the blocked path. Benches call this
/// too, so that they time what a model runs.
void matmulF32(const float *a, const float *b, float *c, int64_t m, int64_t k, int64_t n,
               bool transposeB, ThreadPool *threads);

/// C[m,n] = A[m,k] · Wᵀ for f32 weight rows W [n,k] and few rows of A (a
/// decode step): the weights are streamed once, in place (MatVec.cpp).
void matvecWeightRows(const float *a, const float *w, float *c, int64_t m, int64_t k, int64_t n,
                      ThreadPool *threads);
/// The most rows of A for which matvecWeightRows beats the blocked path.
inline constexpr int64_t kMatVecMaxRows = 4;

/// C[m,n] = A[m,k] · Wᵀ with W [n,k] in Q8_0 or Q4_0 blocks (`weightType`),
/// k a multiple of 32 and at most kQuantMatMulMaxK. A's rows are quantized
/// to Q8_0 first, as ggml does (QuantMatMul.cpp).
void matmulQuantized(const float *a, const void *w, DType weightType, float *c, int64_t m,
                     int64_t k, int64_t n, ThreadPool *threads);
/// The activation rows are quantized into a fixed buffer on the stack (the
/// step loop does not allocate): one row of k elements must fit in it.
extern const int64_t kQuantMatMulMaxK;
/// matmulQuantized() for weights in quant::packQ4_0Groups() or
/// packQ8_0Groups() layout (n a multiple of 8; the active ISA must have the
/// grouped kernels): the same bits.
void matmulQuantizedGroups(const float *a, const void *groups, DType weightType, float *c,
                           int64_t m, int64_t k, int64_t n, ThreadPool *threads);

/// C[m,n] = A[m,k] · Wᵀ with W [n,k] in K-quant super-blocks (`format`), k a
/// multiple of 256 and at most kKQuantMatMulMaxK. A's rows are quantized to
/// Q8_K first, as ggml does (KQuantMatMul.cpp). `rows4`: W is Q4_K in
/// quant::packQ4_KRows4() layout (n a multiple of 4).
void matmulKQuant(const float *a, const void *w, quant::KFormat format, float *c, int64_t m,
                  int64_t k, int64_t n, ThreadPool *threads,
                  bool rows4 = false);
extern const int64_t kKQuantMatMulMaxK;

/// C[m,n] = A[m,k] · Wᵀ with f32 A and C and f16 (or, with `bf16`, bf16)
/// weights W [n,k], as ggml computes it: A's rows rounded to the weights' type
/// first, products summed in f32
/// (HalfMatMul.cpp). k is at most kHalfWeightsMaxK: a row of A, rounded, is
/// kept on the stack.
void matmulHalfWeights(const float *a, const uint16_t *w, float *c, int64_t m, int64_t k,
                       int64_t n, bool bf16, ThreadPool *threads);
inline constexpr int64_t kHalfWeightsMaxK = 32768;

/// The same product on f16 (`bf16` false) or bf16 bit patterns, computed in
/// f32 and rounded once per result (HalfMatMul.cpp).
void matmulHalf(const uint16_t *a, const uint16_t *b, uint16_t *c, int64_t m, int64_t k,
                int64_t n, bool transposeB, bool bf16, ThreadPool *threads);

} // namespace thymos::rt
