//===- MatMul.cpp - Batched matrix product ----------------------------------===//
//
// C = A · B over the two innermost dims, batch dims broadcast (NumPy rules).
// f32 and f64 take the blocked path of BlockedMatMul.cpp, except a few f32
// rows times weight rows, which stream the weights (MatVec.cpp); an f32 lhs
// times Q8_0/Q4_0 weights goes to QuantMatMul.cpp, times K-quants to
// KQuantMatMul.cpp, f16/bf16 to HalfMatMul.cpp.
//
//===----------------------------------------------------------------------===//

#include "runtime/cpu/MatMul.h"
#include "runtime/cpu/BlockCodec.h"
#include "runtime/cpu/KernelSupport.h"
#include "runtime/cpu/SmallFloat.h"
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

} // namespace

void matmulReference(const float *a, const float *b, float *c, int64_t m, int64_t k, int64_t n,
                     bool transposeB) {
  referenceImpl(a, b, c, m, k, n, transposeB);
}
void matmulReference(const double *a, const double *b, double *c, int64_t m, int64_t k,
                     int64_t n, bool transposeB) {
  referenceImpl(a, b, c, m, k, n, transposeB);
}
void matmulF32(const float *a, const float *b, float *c, int64_t m, int64_t k, int64_t n,
               bool transposeB, ThreadPool *threads) {
  if (transposeB && m <= kMatVecMaxRows)
    matvecWeightRows(a, b, c, m, k, n, threads);
  else
    matmulFast(a, b, c, m, k, n, transposeB, threads);
}

//===----------------------------------------------------------------------===//
// The kernel: batch broadcasting around the single-matrix product
//===----------------------------------------------------------------------===//

namespace {

quant::KFormat kFormatOf(DType dtype) {
  return dtype == DType::Q4_K   ? quant::KFormat::Q4_K
         : dtype == DType::Q5_K ? quant::KFormat::Q5_K
                                : quant::KFormat::Q6_K;
}

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
      if (rhs.layout != Layout::Plan)
        matmulQuantizedGroups(lhs.as<float>() + ia * aSize, rhs.as<uint8_t>() + ib * bBytes,
                              rhs.dtype, out.as<float>() + ic * cSize, m, k, n, threads);
      else
        matmulQuantized(lhs.as<float>() + ia * aSize, rhs.as<uint8_t>() + ib * bBytes,
                        rhs.dtype, out.as<float>() + ic * cSize, m, k, n, threads);
    });
    break;
  }
  case DType::Q4_K:
  case DType::Q5_K:
  case DType::Q6_K: {
    const quant::KFormat format = kFormatOf(rhs.dtype);
    const size_t bBytes = static_cast<size_t>(n) * quant::rowBytesK(format, k);
    forEachBatch(call, [&](int64_t ia, int64_t ic, int64_t ib) {
      matmulKQuant(lhs.as<float>() + ia * aSize, rhs.as<uint8_t>() + ib * bBytes, format,
                   out.as<float>() + ic * cSize, m, k, n, threads,
                   rhs.layout == Layout::Q4_KRows4);
    });
    break;
  }
  case DType::F16:
  case DType::BF16:
    if (lhs.dtype == DType::F32) { // 16-bit weights stored as [n, k] rows (check())
      forEachBatch(call, [&](int64_t ia, int64_t ic, int64_t ib) {
        matmulHalfWeights(lhs.as<float>() + ia * aSize, rhs.as<uint16_t>() + ib * bSize,
                          out.as<float>() + ic * cSize, m, k, n, rhs.dtype == DType::BF16,
                          threads);
      });
      break;
    }
    forEachBatch(call, [&](int64_t ia, int64_t ic, int64_t ib) {
      matmulHalf(lhs.as<uint16_t>() + ia * aSize, rhs.as<uint16_t>() + ib * bSize,
                 out.as<uint16_t>() + ic * cSize, m, k, n, transposeB,
                 rhs.dtype == DType::BF16, threads);
    });
    break;
  case DType::F32:
    forEachBatch(call, [&](int64_t ia, int64_t ic, int64_t ib) {
      matmulF32(lhs.as<float>() + ia * aSize, rhs.as<float>() + ib * bSize,
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
  if (const BlockCodec *codec = blockCodec(rhs.dtype)) {
    if (lhs.dtype != DType::F32 || out.dtype != DType::F32)
      return kernelError(op, std::string("a ") + dtypeName(rhs.dtype) +
                                 " rhs needs an f32 lhs and result, got lhs " +
                                 dtypeName(lhs.dtype) + ", result " + dtypeName(out.dtype));
    if (call.params[0] != 1)
      return kernelError(op, std::string("a ") + dtypeName(rhs.dtype) +
                                 " rhs is stored as [n, k] rows of blocks: transpose_b must be 1");
    int64_t k = rhs.dims[rhs.rank - 1];
    if (k % codec->blockElems != 0)
      return kernelError(op, "rhs rows of " + std::to_string(k) +
                                 " elements are not whole blocks of " +
                                 std::to_string(codec->blockElems));
    const int64_t maxK = codec->blockElems > quant::kBlockElems ? kKQuantMatMulMaxK
                                                                : kQuantMatMulMaxK;
    if (k > maxK)
      return kernelError(op, "inner dimension " + std::to_string(k) + " is above the " +
                                 std::to_string(maxK) + " a quantized matmul supports");
    return Status::success();
  }
  if (Status s = checkDType(op, "lhs", lhs.dtype, kFloats); !s)
    return s;
  if (Status s = checkDType(op, "rhs", rhs.dtype, kFloats); !s)
    return s;
  if (isHalfDType(rhs.dtype) && lhs.dtype == DType::F32) {
    if (out.dtype != DType::F32 || call.params[0] != 1)
      return kernelError(op, std::string(rhs.dtype == DType::F16 ? "an " : "a ") +
                                 dtypeName(rhs.dtype) +
                                 " rhs with an f32 lhs is a weight matrix stored as [n, k] "
                                 "rows: transpose_b must be 1 and the result f32");
    if (lhs.dims[lhs.rank - 1] > kHalfWeightsMaxK)
      return kernelError(op, "inner dimension " + std::to_string(lhs.dims[lhs.rank - 1]) +
                                 " is above the " + std::to_string(kHalfWeightsMaxK) +
                                 " an f32 x 16-bit float matmul supports");
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
