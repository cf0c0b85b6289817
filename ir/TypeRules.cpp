//===- TypeRules.cpp - Elementwise, reduction, normalization and rope rules ===//

#include "ir/Ops.h"
#include "ir/TypeRuleSupport.h"

#include <cmath>

namespace thymos::ir {

using namespace rules;

std::string shapeStr(llvm::ArrayRef<int64_t> dims) {
  return fmt::format("[{}]", fmt::join(dims, ","));
}

std::optional<llvm::SmallVector<int64_t, 4>> broadcastShapes(llvm::ArrayRef<int64_t> a,
                                                             llvm::ArrayRef<int64_t> b) {
  size_t rank = std::max(a.size(), b.size());
  llvm::SmallVector<int64_t, 4> out(rank, 1);
  for (size_t i = 0; i < rank; ++i) {
    int64_t da = i < a.size() ? a[a.size() - 1 - i] : 1;
    int64_t db = i < b.size() ? b[b.size() - 1 - i] : 1;
    if (da != db && da != 1 && db != 1)
      return std::nullopt;
    out[rank - 1 - i] = da == 1 ? db : da;
  }
  return out;
}

namespace {
/// The integer range an integer element type can hold.
std::pair<double, double> integerRange(DType dtype) {
  if (dtype == DType::I8)
    return {-128.0, 127.0};
  return {-2147483648.0, 2147483647.0};
}
} // namespace

llvm::Expected<TensorType> inferGgufTensor(const TypeRuleContext &ctx) {
  const TensorType &result = ctx.codomain[0];
  GgufTensorAdaptor op(ctx.op);
  if (op.file().empty())
    return fail("file is empty");
  if (op.name().empty())
    return fail("name is empty");
  // GGUF tensors have at most four dimensions (GGML_MAX_DIMS).
  if (result.rank() > 4)
    return fail("GGUF tensors have at most 4 dimensions, but the codomain {} has {}",
                result.str(), result.rank());
  return result;
}

llvm::Expected<TensorType> inferConst(const TypeRuleContext &ctx) {
  const TensorType &result = ctx.codomain[0];
  const Attribute &value = *ConstAdaptor(ctx.op).value();
  bool integerType = !getDTypeInfo(result.dtype()).isFloat;
  if (value.form() == Attribute::Form::Array) {
    if (value.arrayShape() != result.dims())
      return fail("value has shape {} but the codomain {} has shape {}",
                  shapeStr(value.arrayShape()), result.str(), shapeStr(result.dims()));
    if (integerType && !value.isIntegral())
      return fail("value holds non-integers, but the codomain's element type is {}",
                  dtypeName(result.dtype()));
  } else if (integerType && !value.isIntegral()) {
    return fail("value {} is not an integer, but the codomain's element type is {}",
                value.str(), dtypeName(result.dtype()));
  }
  if (!integerType)
    return result;
  auto [lo, hi] = integerRange(result.dtype());
  // A splat may be any 64-bit integer, too large to convert back from double.
  if (value.form() != Attribute::Form::Array) {
    if (value.asFloat() < lo || value.asFloat() > hi)
      return fail("value {} does not fit in {}", value.str(), dtypeName(result.dtype()));
    return result;
  }
  for (double v : value.arrayValues())
    if (v < lo || v > hi)
      return fail("value {} does not fit in {}", static_cast<int64_t>(v),
                  dtypeName(result.dtype()));
  return result;
}

llvm::Expected<TensorType> inferBroadcastBinary(const TypeRuleContext &ctx) {
  const TensorType &lhs = ctx.domain[0], &rhs = ctx.domain[1];
  if (lhs.dtype() != rhs.dtype())
    return fail("operand element types differ ({} vs {})", dtypeName(lhs.dtype()),
                dtypeName(rhs.dtype()));
  auto shape = broadcastShapes(lhs.dims(), rhs.dims());
  if (!shape)
    return fail("operand shapes {} and {} do not broadcast", shapeStr(lhs.dims()),
                shapeStr(rhs.dims()));
  return TensorType(lhs.dtype(), *shape);
}

llvm::Expected<TensorType> inferSameAsOperand(const TypeRuleContext &ctx) {
  return ctx.domain[0];
}

llvm::Expected<TensorType> inferCast(const TypeRuleContext &ctx) {
  return ctx.domain[0].withDType(ctx.codomain[0].dtype());
}

llvm::Expected<TensorType> inferSoftmax(const TypeRuleContext &ctx) {
  const TensorType &x = ctx.domain[0];
  int64_t axis = SoftmaxAdaptor(ctx.op).axis();
  if (x.rank() == 0)
    return fail("operand must have rank >= 1, got {}", x.str());
  if (!normalizeAxis(axis, x.rank()))
    return fail("axis {} is out of range for rank {}", axis, x.rank());
  return x;
}

llvm::Expected<TensorType> inferReduce(const TypeRuleContext &ctx) {
  const TensorType &x = ctx.domain[0];
  llvm::SmallVector<int64_t, 4> axes = ctx.op.intArrayAttr("axes");
  bool keepdims = ctx.op.boolAttr("keepdims");
  if (axes.empty())
    return fail("axes must name at least one dimension");
  llvm::SmallVector<bool, 8> reduced(x.rank(), false);
  for (int64_t axis : axes) {
    std::optional<unsigned> a = normalizeAxis(axis, x.rank());
    if (!a)
      return fail("axis {} is out of range for rank {}", axis, x.rank());
    if (reduced[*a])
      return fail("dimension {} appears twice in axes", *a);
    reduced[*a] = true;
  }
  llvm::SmallVector<int64_t, 4> dims;
  for (unsigned i = 0; i < x.rank(); ++i) {
    if (!reduced[i])
      dims.push_back(x.dim(i));
    else if (keepdims)
      dims.push_back(1);
  }
  return x.withDims(dims);
}

llvm::Expected<TensorType> inferNormalization(const TypeRuleContext &ctx) {
  const TensorType &x = ctx.domain[0];
  if (x.rank() == 0)
    return fail("x must have rank >= 1, got {}", x.str());
  const char *names[] = {"x", "weight", "bias"};
  TensorType expected(x.dtype(), {x.dim(x.rank() - 1)});
  for (size_t i = 1; i < ctx.domain.size(); ++i)
    if (ctx.domain[i] != expected)
      return fail("{} must have type {} (x's element type and last dimension), got {}",
                  names[i], expected.str(), ctx.domain[i].str());
  double epsilon = ctx.op.floatAttr("epsilon");
  if (!(epsilon >= 0.0) || std::isinf(epsilon))
    return fail("epsilon must be a finite number >= 0, got {}", formatFloat(epsilon));
  return x;
}

namespace {

/// rope's and rope_scaled's rules on x, pos and the attributes.
llvm::Expected<TensorType> inferRotation(const TypeRuleContext &ctx, int64_t rotaryDims,
                                         double freqBase) {
  const TensorType &x = ctx.domain[0], &pos = ctx.domain[1];
  if (x.rank() != 3)
    return fail("x must have rank 3 (tokens, heads, head dimension), got {}", x.str());
  if (pos.rank() != 1 || pos.dim(0) != x.dim(0))
    return fail("pos must have shape [{}] (one position per token of x), got {}", x.dim(0),
                pos.str());
  int64_t headDim = x.dim(2);
  if (rotaryDims <= 0 || rotaryDims % 2 != 0 || rotaryDims > headDim)
    return fail("rotary_dims must be even and in 2..{} (the head dimension), got {}", headDim,
                rotaryDims);
  if (!(freqBase > 0.0) || std::isinf(freqBase))
    return fail("freq_base must be a finite number > 0, got {}", formatFloat(freqBase));
  return x;
}

} // namespace

llvm::Expected<TensorType> inferRope(const TypeRuleContext &ctx) {
  RopeAdaptor rope(ctx.op);
  return inferRotation(ctx, rope.rotaryDims(), rope.freqBase());
}

llvm::Expected<TensorType> inferRopeScaled(const TypeRuleContext &ctx) {
  RopeScaledAdaptor rope(ctx.op);
  llvm::Expected<TensorType> result = inferRotation(ctx, rope.rotaryDims(), rope.freqBase());
  if (!result)
    return result;
  const TensorType &factors = ctx.domain[2];
  const int64_t pairs = rope.rotaryDims() / 2;
  if (factors.rank() != 1 || factors.dim(0) != pairs)
    return fail("factors must have shape [{}] (one per rotated pair), got {}", pairs,
                factors.str());
  return result;
}

} // namespace thymos::ir
