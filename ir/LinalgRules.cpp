//===- LinalgRules.cpp - Type rules of matmul, cholesky, triangular_solve ---===//

#include "ir/Ops.h"
#include "ir/TypeRuleSupport.h"

namespace thymos::ir {

using namespace rules;

namespace {

llvm::ArrayRef<int64_t> batchDims(const TensorType &t) { return t.dims().drop_back(2); }

/// Checks that `t` is a stack of square matrices.
llvm::Error requireSquare(const TensorType &t, llvm::StringRef what) {
  if (t.rank() < 2 || t.dim(t.rank() - 1) != t.dim(t.rank() - 2))
    return fail("{} must be square matrices [..., n, n], got {}", what.str(), t.str());
  return llvm::Error::success();
}

} // namespace

llvm::Expected<TensorType> inferMatMul(const TypeRuleContext &ctx) {
  const TensorType &lhs = ctx.domain[0], &rhs = ctx.domain[1];
  bool transposeB = MatMulAdaptor(ctx.op).transposeB();
  if (lhs.rank() < 2)
    return fail("lhs must have rank >= 2, got {}", lhs.str());
  if (rhs.rank() < 2)
    return fail("rhs must have rank >= 2, got {}", rhs.str());
  if (isQuantized(rhs.dtype())) {
    if (lhs.dtype() != DType::F32)
      return fail("a {} rhs needs an f32 lhs, got {}", dtypeName(rhs.dtype()),
                  dtypeName(lhs.dtype()));
    if (!transposeB)
      return fail("a {} rhs is stored as [n, k] rows of blocks: set transpose_b = true",
                  dtypeName(rhs.dtype()));
  } else if (lhs.dtype() == DType::F32 &&
             (rhs.dtype() == DType::F16 || rhs.dtype() == DType::BF16)) {
    // 16-bit float weights (a GGUF F16 or BF16 tensor) with f32 activations, as
    // ggml multiplies them.
    if (!transposeB)
      return fail("{} {} rhs with an f32 lhs is a weight matrix stored as [n, k] rows: set "
                  "transpose_b = true",
                  rhs.dtype() == DType::F16 ? "an" : "a", dtypeName(rhs.dtype()));
  } else if (lhs.dtype() != rhs.dtype()) {
    return fail("operand element types differ ({} vs {})", dtypeName(lhs.dtype()),
                dtypeName(rhs.dtype()));
  }
  int64_t m = lhs.dim(lhs.rank() - 2), k = lhs.dim(lhs.rank() - 1);
  int64_t rk = rhs.dim(rhs.rank() - (transposeB ? 1 : 2));
  int64_t n = rhs.dim(rhs.rank() - (transposeB ? 2 : 1));
  if (k != rk)
    return fail("inner dimensions differ ({} vs {})", k, rk);
  auto batch = broadcastShapes(batchDims(lhs), batchDims(rhs));
  if (!batch)
    return fail("batch dimensions {} and {} do not broadcast", shapeStr(batchDims(lhs)),
                shapeStr(batchDims(rhs)));
  batch->push_back(m);
  batch->push_back(n);
  return TensorType(lhs.dtype(), *batch); // f32 for quantized and f16 weights
}

llvm::Expected<TensorType> inferCholesky(const TypeRuleContext &ctx) {
  if (llvm::Error e = requireSquare(ctx.domain[0], "operand"))
    return llvm::Expected<TensorType>(std::move(e));
  return ctx.domain[0];
}

llvm::Expected<TensorType> inferTriangularSolve(const TypeRuleContext &ctx) {
  const TensorType &a = ctx.domain[0], &b = ctx.domain[1];
  if (llvm::Error e = requireSquare(a, "a"))
    return llvm::Expected<TensorType>(std::move(e));
  if (a.dtype() != b.dtype())
    return fail("operand element types differ ({} vs {})", dtypeName(a.dtype()),
                dtypeName(b.dtype()));
  if (b.rank() != a.rank())
    return fail("b must have a's rank {} ([..., n, k]), got {}", a.rank(), b.str());
  if (batchDims(a) != batchDims(b))
    return fail("batch dimensions differ ({} vs {})", shapeStr(batchDims(a)),
                shapeStr(batchDims(b)));
  int64_t n = a.dim(a.rank() - 1);
  if (b.dim(b.rank() - 2) != n)
    return fail("b has {} rows, but a is {}x{}", b.dim(b.rank() - 2), n, n);
  return b;
}

} // namespace thymos::ir
