//===- ShapeRules.cpp - Type rules of the data-movement ops -----------------===//

#include "ir/Ops.h"
#include "ir/TypeRuleSupport.h"

namespace thymos::ir {

using namespace rules;

llvm::Expected<TensorType> inferTranspose(const TypeRuleContext &ctx) {
  const TensorType &x = ctx.domain[0];
  llvm::SmallVector<int64_t, 4> perm = TransposeAdaptor(ctx.op).perm();
  if (perm.size() != x.rank())
    return fail("perm has {} entries but the operand {} has rank {}", perm.size(), x.str(),
                x.rank());
  llvm::SmallVector<bool, 8> seen(x.rank(), false);
  llvm::SmallVector<int64_t, 4> dims;
  for (int64_t p : perm) {
    if (p < 0 || p >= static_cast<int64_t>(x.rank()) || seen[p])
      return fail("perm {} is not a permutation of 0..{}", shapeStr(perm),
                  static_cast<int64_t>(x.rank()) - 1);
    seen[p] = true;
    dims.push_back(x.dim(static_cast<unsigned>(p)));
  }
  return x.withDims(dims);
}

llvm::Expected<TensorType> inferReshape(const TypeRuleContext &ctx) {
  const TensorType &x = ctx.domain[0], &target = ctx.codomain[0];
  if (x.dtype() != target.dtype())
    return fail("cannot change the element type ({} to {}); use 'cast'", dtypeName(x.dtype()),
                dtypeName(target.dtype()));
  // Both counts are known to fit: every declared type is checked first.
  int64_t from = x.numElements().value_or(-1), to = target.numElements().value_or(-1);
  if (from != to)
    return fail("cannot reshape {} ({} elements) into {} ({} elements)", x.str(), from,
                target.str(), to);
  return target;
}

llvm::Expected<TensorType> inferBroadcastTo(const TypeRuleContext &ctx) {
  const TensorType &x = ctx.domain[0], &target = ctx.codomain[0];
  auto shape = broadcastShapes(x.dims(), target.dims());
  if (x.rank() > target.rank() || !shape || *shape != llvm::makeArrayRef(target.dims()))
    return fail("{} does not broadcast to shape {}", x.str(), shapeStr(target.dims()));
  return x.withDims(target.dims());
}

llvm::Expected<TensorType> inferSlice(const TypeRuleContext &ctx) {
  const TensorType &x = ctx.domain[0];
  SliceAdaptor slice(ctx.op);
  llvm::SmallVector<int64_t, 4> starts = slice.starts(), ends = slice.ends(),
                                steps = slice.steps();
  if (steps.empty())
    steps.assign(x.rank(), 1);
  if (starts.size() != x.rank() || ends.size() != x.rank() || steps.size() != x.rank())
    return fail("starts, ends and steps need one entry per dimension of {} (rank {})", x.str(),
                x.rank());
  llvm::SmallVector<int64_t, 4> dims;
  for (unsigned d = 0; d < x.rank(); ++d) {
    if (steps[d] < 1)
      return fail("step {} of dimension {} must be positive", steps[d], d);
    if (starts[d] < 0 || starts[d] >= ends[d] || ends[d] > x.dim(d))
      return fail("dimension {} of size {} cannot be sliced from {} to {}: need 0 <= start "
                  "< end <= size",
                  d, x.dim(d), starts[d], ends[d]);
    dims.push_back((ends[d] - starts[d] + steps[d] - 1) / steps[d]);
  }
  return x.withDims(dims);
}

llvm::Expected<TensorType> inferConcat(const TypeRuleContext &ctx) {
  const TensorType &first = ctx.domain[0];
  int64_t axisAttr = ConcatAdaptor(ctx.op).axis();
  std::optional<unsigned> axis = normalizeAxis(axisAttr, first.rank());
  if (!axis)
    return fail("axis {} is out of range for rank {}", axisAttr, first.rank());
  llvm::SmallVector<int64_t, 4> dims(first.dims().begin(), first.dims().end());
  for (size_t i = 1; i < ctx.domain.size(); ++i) {
    const TensorType &t = ctx.domain[i];
    if (t.dtype() != first.dtype())
      return fail("input #{} has element type {}, but input #0 has {}", i,
                  dtypeName(t.dtype()), dtypeName(first.dtype()));
    if (t.rank() != first.rank())
      return fail("input #{} has rank {}, but input #0 has rank {}", i, t.rank(),
                  first.rank());
    for (unsigned d = 0; d < t.rank(); ++d)
      if (d != *axis && t.dim(d) != first.dim(d))
        return fail("input #{} has size {} in dimension {}, but input #0 has {}", i, t.dim(d),
                    d, first.dim(d));
    dims[*axis] += t.dim(*axis);
  }
  return first.withDims(dims);
}

llvm::Expected<TensorType> inferGather(const TypeRuleContext &ctx) {
  const TensorType &data = ctx.domain[0], &indices = ctx.domain[1];
  int64_t axisAttr = GatherAdaptor(ctx.op).axis();
  std::optional<unsigned> axis = normalizeAxis(axisAttr, data.rank());
  if (!axis)
    return fail("axis {} is out of range for data of rank {}", axisAttr, data.rank());
  DType resultType = data.dtype();
  if (isQuantized(data.dtype())) {
    if (data.rank() != 2 || *axis != 0)
      return fail("gathering from a {} table needs rank 2 data and axis 0", dtypeName(data.dtype()));
    resultType = DType::F32;
  }
  llvm::SmallVector<int64_t, 4> dims(data.dims().begin(), data.dims().begin() + *axis);
  dims.append(indices.dims().begin(), indices.dims().end());
  dims.append(data.dims().begin() + *axis + 1, data.dims().end());
  if (dims.size() > kMaxRank)
    return fail("the result would have rank {}, above the maximum {}", dims.size(), kMaxRank);
  return TensorType(resultType, dims);
}

} // namespace thymos::ir
