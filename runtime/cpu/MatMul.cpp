//===- MatMul.cpp - Batched matrix product ----------------------------------===//
//
// C = A · B over the two innermost dims, batch dims broadcast (NumPy rules).
// f32 and f64 take the blocked path below; an f32 lhs times Q8_0/Q4_0
// weights goes to QuantMatMul.cpp, f16/bf16 to HalfMatMul.cpp.
//
// The hot spot of every model. The fast path follows the usual blocked
// scheme (Goto/BLIS), kept small:
//   for each NC-column block of B, for each KC-deep slice of it:
//     pack the KC×NC block of B into NR-wide panels (p-major, zero padded),
//     so the inner loop reads B sequentially whatever its layout;
//     for each MR-row tile of A (in parallel over tiles):
//       for each NR panel: the MR×NR micro-kernel.
// The micro-kernel keeps an MR×NR tile of C in registers and, per step p,
// does C[i][j] += A[i][p] · Bp[p][j]: a broadcast of A times one packed row.
// With fixed MR and NR the compiler unrolls it fully and vectorises the j
// loop (SSE2 baseline: NR = 8 floats = 2 registers, 6 rows = 12
// accumulators of the 16 vector registers). A is read in place: a tile of
// MR rows × KC stays in L1 while it sweeps the packed B block from L2.
// The packed block lives on the caller's stack (64 KiB), so run() does not
// allocate; worker threads only need the micro-kernel's registers.
//
//===----------------------------------------------------------------------===//

#include "runtime/cpu/MatMul.h"
#include "runtime/cpu/KernelSupport.h"
#include "runtime/cpu/ThreadPool.h"
#include "runtime/quant/Quant.h"

namespace thymos::rt {

//===----------------------------------------------------------------------===//
// Reference
//===----------------------------------------------------------------------===//

namespace {

/// C[i][j] = sum_p A[i][p] · B[p][j], one dot product per output element.
template <typename T>
void referenceImpl(const T *a, const T *b, T *c, int64_t m, int64_t k, int64_t n,
                   bool transposeB) {
  for (int64_t i = 0; i < m; ++i)
    for (int64_t j = 0; j < n; ++j) {
      T sum = 0;
      for (int64_t p = 0; p < k; ++p)
        sum += a[i * k + p] * (transposeB ? b[j * k + p] : b[p * n + j]);
      c[i * n + j] = sum;
    }
}

//===----------------------------------------------------------------------===//
// Fast path
//===----------------------------------------------------------------------===//

template <typename T> struct Blocking {
  static constexpr int64_t kMR = 6;              // rows per micro-tile
  static constexpr int64_t kNR = 32 / sizeof(T); // columns per micro-tile
  static constexpr int64_t kKC = 256;              // depth of a packed block
  // Columns of a packed block: kKC * kNC * sizeof(T) = 64 KiB, which fits L2
  // next to A's rows and is a modest stack frame.
  static constexpr int64_t kNC = 65536 / (kKC * sizeof(T));
};

/// Bp[panel][p][jj] = B[pc + p][jc + panel·NR + jj], zero past column n.
template <typename T>
void packB(const T *b, T *bp, int64_t k, int64_t n, bool transposeB, int64_t pc, int64_t kc,
           int64_t jc, int64_t nc) {
  constexpr int64_t NR = Blocking<T>::kNR;
  for (int64_t j0 = 0; j0 < nc; j0 += NR) {
    T *panel = bp + j0 * kc;
    int64_t width = nc - j0 < NR ? nc - j0 : NR;
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

/// C[0..mr)[0..nr) (+)= sum_p A[i][p] · Bp[p][j] for one MR×NR tile.
/// `rows[i]` points at A's row i of the tile (rows past mr repeat a valid
/// row; their results are dropped), already offset to the slice's first p.
template <typename T>
void microKernel(const T *const *rows, const T *bp, int64_t kc, T *c, int64_t ldc, int64_t mr,
                 int64_t nr, bool accumulate) {
  constexpr int64_t MR = Blocking<T>::kMR, NR = Blocking<T>::kNR;
  T acc[MR][NR] = {};
  for (int64_t p = 0; p < kc; ++p) {
    const T *bRow = bp + p * NR;
    for (int64_t i = 0; i < MR; ++i) {
      T av = rows[i][p];
      for (int64_t j = 0; j < NR; ++j)
        acc[i][j] += av * bRow[j];
    }
  }
  for (int64_t i = 0; i < mr; ++i)
    for (int64_t j = 0; j < nr; ++j)
      c[i * ldc + j] = accumulate ? c[i * ldc + j] + acc[i][j] : acc[i][j];
}

/// What the row-tile workers share for one packed block.
template <typename T> struct BlockJob {
  const T *a;
  const T *bp;
  T *c;
  int64_t m, k, n;
  int64_t pc, kc, jc, nc;
};

/// Row tiles [begin, end) of one packed block.
template <typename T> void rowTiles(void *ctx, int64_t begin, int64_t end) {
  constexpr int64_t MR = Blocking<T>::kMR, NR = Blocking<T>::kNR;
  const BlockJob<T> &job = *static_cast<const BlockJob<T> *>(ctx);
  for (int64_t tile = begin; tile < end; ++tile) {
    int64_t i0 = tile * MR;
    int64_t mr = job.m - i0 < MR ? job.m - i0 : MR;
    const T *rows[MR];
    for (int64_t i = 0; i < MR; ++i)
      rows[i] = job.a + (i0 + (i < mr ? i : mr - 1)) * job.k + job.pc;
    for (int64_t j0 = 0; j0 < job.nc; j0 += NR) {
      int64_t nr = job.nc - j0 < NR ? job.nc - j0 : NR;
      microKernel(rows, job.bp + j0 * job.kc, job.kc, job.c + i0 * job.n + job.jc + j0, job.n,
                  mr, nr, job.pc > 0);
    }
  }
}

template <typename T>
void fastImpl(const T *a, const T *b, T *c, int64_t m, int64_t k, int64_t n, bool transposeB,
              ThreadPool *threads) {
  constexpr int64_t MR = Blocking<T>::kMR, KC = Blocking<T>::kKC, NC = Blocking<T>::kNC;
  alignas(64) T packed[KC * NC];
  int64_t tiles = (m + MR - 1) / MR;
  for (int64_t jc = 0; jc < n; jc += NC) {
    int64_t nc = n - jc < NC ? n - jc : NC;
    for (int64_t pc = 0; pc < k; pc += KC) {
      int64_t kc = k - pc < KC ? k - pc : KC;
      packB(b, packed, k, n, transposeB, pc, kc, jc, nc);
      BlockJob<T> job{a, packed, c, m, k, n, pc, kc, jc, nc};
      if (threads && threads->size() > 1 && tiles > 1)
        threads->parallelFor(tiles, rowTiles<T>, &job);
      else
        rowTiles<T>(&job, 0, tiles);
    }
  }
}

} // namespace

void matmulReference(const float *a, const float *b, float *c, int64_t m, int64_t k, int64_t n,
                     bool transposeB) {
  referenceImpl(a, b, c, m, k, n, transposeB);
}
void matmulReference(const double *a, const double *b, double *c, int64_t m, int64_t k,
                     int64_t n, bool transposeB) {
  referenceImpl(a, b, c, m, k, n, transposeB);
}
void matmulFast(const float *a, const float *b, float *c, int64_t m, int64_t k, int64_t n,
                bool transposeB, ThreadPool *threads) {
  fastImpl(a, b, c, m, k, n, transposeB, threads);
}
void matmulFast(const double *a, const double *b, double *c, int64_t m, int64_t k, int64_t n,
                bool transposeB, ThreadPool *threads) {
  fastImpl(a, b, c, m, k, n, transposeB, threads);
}

//===----------------------------------------------------------------------===//
// The kernel: batch broadcasting around the single-matrix product
//===----------------------------------------------------------------------===//

namespace {

/// The batch dims of a view (all but the two innermost).
TensorView batchView(const TensorView &t) {
  TensorView b;
  b.rank = t.rank - 2;
  for (uint32_t i = 0; i < b.rank; ++i)
    b.dims[i] = t.dims[i];
  return b;
}

/// Calls product(ia, ic, ib) for every batch: the matrix indices of lhs,
/// result and rhs, with broadcast batch dims repeating a matrix.
template <typename Product> void forEachBatch(const KernelCall &call, Product product) {
  const TensorView &lhs = call.inputs[0], &rhs = call.inputs[1], &out = *call.output;
  // Strides in whole matrices; 0 along a broadcast batch dim.
  TensorView lb = batchView(lhs), rb = batchView(rhs), ob = batchView(out);
  int64_t sa[kMaxRank], sb[kMaxRank];
  broadcastStrides(lb, ob, sa);
  broadcastStrides(rb, ob, sb);
  int64_t index[kMaxRank] = {};
  int64_t ia = 0, ib = 0, ic = 0;
  do {
    product(ia, ic++, ib);
  } while (nextIndex2(index, ob.dims, ob.rank, 0, sa, ia, sb, ib));
}

Status matmulRun(const KernelCall &call, ThreadPool *threads) {
  const TensorView &lhs = call.inputs[0], &rhs = call.inputs[1], &out = *call.output;
  bool transposeB = call.params[0] != 0;
  int64_t m = lhs.dims[lhs.rank - 2], k = lhs.dims[lhs.rank - 1];
  int64_t n = out.dims[out.rank - 1];
  const int64_t aSize = m * k, cSize = m * n, bSize = k * n;
  switch (rhs.dtype) {
  case DType::Q8_0:
  case DType::Q4_0: {
    // The rhs is [..., n, k] rows of blocks (check() requires transpose_b).
    const size_t bBytes = static_cast<size_t>(n) * (rhs.dtype == DType::Q4_0
                                                         ? quant::rowBytesQ4_0(k)
                                                         : quant::rowBytesQ8_0(k));
    forEachBatch(call, [&](int64_t ia, int64_t ic, int64_t ib) {
      matmulQuantized(lhs.as<float>() + ia * aSize, rhs.as<uint8_t>() + ib * bBytes, rhs.dtype,
                      out.as<float>() + ic * cSize, m, k, n, threads);
    });
    break;
  }
  case DType::F16:
    if (lhs.dtype == DType::F32) { // f16 weights stored as [n, k] rows (check())
      forEachBatch(call, [&](int64_t ia, int64_t ic, int64_t ib) {
        matmulHalfWeights(lhs.as<float>() + ia * aSize, rhs.as<uint16_t>() + ib * bSize,
                          out.as<float>() + ic * cSize, m, k, n, threads);
      });
      break;
    }
    [[fallthrough]];
  case DType::BF16:
    forEachBatch(call, [&](int64_t ia, int64_t ic, int64_t ib) {
      matmulHalf(lhs.as<uint16_t>() + ia * aSize, rhs.as<uint16_t>() + ib * bSize,
                 out.as<uint16_t>() + ic * cSize, m, k, n, transposeB,
                 rhs.dtype == DType::BF16, threads);
    });
    break;
  case DType::F32:
    forEachBatch(call, [&](int64_t ia, int64_t ic, int64_t ib) {
      if (transposeB && m <= kMatVecMaxRows)
        matvecWeightRows(lhs.as<float>() + ia * aSize, rhs.as<float>() + ib * bSize,
                         out.as<float>() + ic * cSize, m, k, n, threads);
      else
        matmulFast(lhs.as<float>() + ia * aSize, rhs.as<float>() + ib * bSize,
                   out.as<float>() + ic * cSize, m, k, n, transposeB, threads);
    });
    break;
  default:
    forEachBatch(call, [&](int64_t ia, int64_t ic, int64_t ib) {
      matmulFast(lhs.as<double>() + ia * aSize, rhs.as<double>() + ib * bSize,
                 out.as<double>() + ic * cSize, m, k, n, transposeB, threads);
    });
    break;
  }
  return Status::success();
}

/// The dtype rules: equal float types, or an f32 lhs times a block-quantized
/// or f16 rhs stored as [n, k] rows (transpose_b), giving f32.
Status matmulTypesCheck(const char *op, const KernelCall &call) {
  const TensorView &lhs = call.inputs[0], &rhs = call.inputs[1], &out = *call.output;
  constexpr uint32_t kFloats = kFloat32And64 | dtypeBit(DType::F16) | dtypeBit(DType::BF16);
  if (rhs.dtype == DType::Q8_0 || rhs.dtype == DType::Q4_0) {
    if (lhs.dtype != DType::F32 || out.dtype != DType::F32)
      return kernelError(op, std::string("a ") + dtypeName(rhs.dtype) +
                                 " rhs needs an f32 lhs and result, got lhs " +
                                 dtypeName(lhs.dtype) + ", result " + dtypeName(out.dtype));
    if (call.params[0] != 1)
      return kernelError(op, std::string("a ") + dtypeName(rhs.dtype) +
                                 " rhs is stored as [n, k] rows of blocks: transpose_b must be 1");
    int64_t k = rhs.dims[rhs.rank - 1];
    if (k % quant::kBlockElems != 0)
      return kernelError(op, "rhs rows of " + std::to_string(k) +
                                 " elements are not whole blocks of 32");
    if (k > kQuantMatMulMaxK)
      return kernelError(op, "inner dimension " + std::to_string(k) + " is above the " +
                                 std::to_string(kQuantMatMulMaxK) +
                                 " a quantized matmul supports");
    return Status::success();
  }
  if (Status s = checkDType(op, "lhs", lhs.dtype, kFloats); !s)
    return s;
  if (Status s = checkDType(op, "rhs", rhs.dtype, kFloats); !s)
    return s;
  if (rhs.dtype == DType::F16 && lhs.dtype == DType::F32) {
    if (out.dtype != DType::F32 || call.params[0] != 1)
      return kernelError(op, "an f16 rhs with an f32 lhs is a weight matrix stored as [n, k] "
                             "rows: transpose_b must be 1 and the result f32");
    if (lhs.dims[lhs.rank - 1] > kHalfWeightsMaxK)
      return kernelError(op, "inner dimension " + std::to_string(lhs.dims[lhs.rank - 1]) +
                                 " is above the " + std::to_string(kHalfWeightsMaxK) +
                                 " an f32 x f16 matmul supports");
    return Status::success();
  }
  if (rhs.dtype != lhs.dtype || out.dtype != lhs.dtype)
    return kernelError(op, std::string("element types differ (lhs ") + dtypeName(lhs.dtype) +
                               ", rhs " + dtypeName(rhs.dtype) + ", result " +
                               dtypeName(out.dtype) + ")");
  return Status::success();
}

Status matmulCheck(const KernelCall &call) {
  const char *op = "matmul";
  if (Status s = checkArity(call, op, 2, 1); !s)
    return s;
  if (Status s = checkAllViews(call, op); !s)
    return s;
  const TensorView &lhs = call.inputs[0], &rhs = call.inputs[1], &out = *call.output;
  if (lhs.rank < 2)
    return kernelError(op, "lhs must have rank >= 2, got " + shapeStr(lhs));
  if (rhs.rank < 2)
    return kernelError(op, "rhs must have rank >= 2, got " + shapeStr(rhs));
  int64_t tb = call.params[0];
  if (tb != 0 && tb != 1)
    return kernelError(op, "transpose_b must be 0 or 1, got " + std::to_string(tb));
  if (Status s = matmulTypesCheck(op, call); !s)
    return s;
  int64_t m = lhs.dims[lhs.rank - 2], k = lhs.dims[lhs.rank - 1];
  int64_t rk = rhs.dims[rhs.rank - (tb ? 1 : 2)], n = rhs.dims[rhs.rank - (tb ? 2 : 1)];
  if (k != rk)
    return kernelError(op, "inner dimensions differ (" + std::to_string(k) + " vs " +
                               std::to_string(rk) + ")");
  TensorView expected;
  if (!broadcastShape(batchView(lhs), batchView(rhs), expected))
    return kernelError(op, "batch dimensions " + shapeStr(batchView(lhs)) + " and " +
                               shapeStr(batchView(rhs)) + " do not broadcast");
  expected.dims[expected.rank++] = m;
  expected.dims[expected.rank++] = n;
  if (!sameShape(out, expected))
    return kernelError(op, "result shape " + shapeStr(out) + " should be " +
                               shapeStr(expected));
  return Status::success();
}

} // namespace

void registerMatMulKernels(KernelEntries &t) {
  t[opIndex(OpKind::MatMul)] = {matmulCheck, matmulRun};
}

} // namespace thymos::rt
