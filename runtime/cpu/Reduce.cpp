//===- Reduce.cpp - sum, mean, max over a set of axes; softmax along one ----===//
//
// Reductions take an axis mask (bit i: dimension i is reduced). The output
// either keeps the reduced dims as 1 or drops them; both lay out the kept
// dims in the same order, so run() does not care which. Each output element
// is reduced in one go with its own accumulator: f32 sums accumulate in
// double (a long f32 running sum loses the small addends), i32 sums wrap
// modulo 2^32. max propagates NaN.
//
//===----------------------------------------------------------------------===//

#include "runtime/cpu/KernelSupport.h"
#include "runtime/cpu/SmallFloat.h"

#include <cmath>

namespace thymos::rt {

namespace {

//===----------------------------------------------------------------------===//
// sum, mean, max
//===----------------------------------------------------------------------===//

enum class ReduceKind { Sum, Mean, Max };

const char *reduceName(ReduceKind kind) {
  return kind == ReduceKind::Sum ? "sum" : kind == ReduceKind::Mean ? "mean" : "max";
}

/// The input's dims split into the kept ones (the output's order) and the
/// reduced ones, each with its input strides.
struct ReduceLayout {
  uint32_t keptRank = 0, reducedRank = 0;
  int64_t keptDims[kMaxRank], keptStrides[kMaxRank];
  int64_t reducedDims[kMaxRank], reducedStrides[kMaxRank];
  int64_t reducedCount = 1;
};

ReduceLayout reduceLayout(const TensorView &x, uint64_t mask) {
  ReduceLayout l;
  int64_t strides[kMaxRank];
  rowMajorStrides(x, strides);
  for (uint32_t d = 0; d < x.rank; ++d) {
    if (mask >> d & 1) {
      l.reducedDims[l.reducedRank] = x.dims[d];
      l.reducedStrides[l.reducedRank++] = strides[d];
      l.reducedCount *= x.dims[d];
    } else {
      l.keptDims[l.keptRank] = x.dims[d];
      l.keptStrides[l.keptRank++] = strides[d];
    }
  }
  return l;
}

/// Sum accumulator: double for floats, wrapping uint32 for i32.
template <typename T> struct SumAcc {
  double value = 0;
  void add(T v) { value += v; }
  T result(int64_t) const { return static_cast<T>(value); }
};
template <> struct SumAcc<int32_t> {
  uint32_t value = 0;
  void add(int32_t v) { value += static_cast<uint32_t>(v); }
  int32_t result(int64_t) const { return static_cast<int32_t>(value); }
};
/// mean = sum / count
template <typename T> struct MeanAcc {
  double value = 0;
  void add(T v) { value += v; }
  T result(int64_t count) const { return static_cast<T>(value / static_cast<double>(count)); }
};
/// max; once a NaN is taken nothing else replaces it (v > NaN is false).
template <typename T> struct MaxAcc {
  T value = T(0);
  bool any = false;
  void add(T v) {
    if (!any || v > value || v != v)
      value = v;
    any = true;
  }
  T result(int64_t) const { return value; }
};

template <typename T, typename Acc> void reduceLoop(const TensorView &x, T *y, uint64_t mask) {
  ReduceLayout l = reduceLayout(x, mask);
  const T *base = x.as<T>();
  uint32_t rr = l.reducedRank;
  int64_t innerLen = l.reducedDims[rr - 1], innerStride = l.reducedStrides[rr - 1];
  int64_t kept[kMaxRank] = {};
  int64_t keptOffset = 0, out = 0;
  do {
    // y[out] = reduce over every reduced index r of x[keptOffset + r·strides]
    Acc acc;
    int64_t red[kMaxRank] = {};
    int64_t offset = keptOffset;
    do {
      const T *p = base + offset;
      for (int64_t i = 0; i < innerLen; ++i)
        acc.add(p[i * innerStride]);
    } while (nextIndex(red, l.reducedDims, rr, 1, l.reducedStrides, offset));
    y[out++] = acc.result(l.reducedCount);
  } while (nextIndex(kept, l.keptDims, l.keptRank, 0, l.keptStrides, keptOffset));
}

template <ReduceKind Kind> Status reduceRun(const KernelCall &call, ThreadPool *) {
  const TensorView &x = call.inputs[0], &y = *call.output;
  auto mask = static_cast<uint64_t>(call.params[0]);
  switch (x.dtype) {
  case DType::F32:
    if constexpr (Kind == ReduceKind::Sum)
      reduceLoop<float, SumAcc<float>>(x, y.as<float>(), mask);
    if constexpr (Kind == ReduceKind::Mean)
      reduceLoop<float, MeanAcc<float>>(x, y.as<float>(), mask);
    if constexpr (Kind == ReduceKind::Max)
      reduceLoop<float, MaxAcc<float>>(x, y.as<float>(), mask);
    break;
  case DType::F64:
    if constexpr (Kind == ReduceKind::Sum)
      reduceLoop<double, SumAcc<double>>(x, y.as<double>(), mask);
    if constexpr (Kind == ReduceKind::Mean)
      reduceLoop<double, MeanAcc<double>>(x, y.as<double>(), mask);
    if constexpr (Kind == ReduceKind::Max)
      reduceLoop<double, MaxAcc<double>>(x, y.as<double>(), mask);
    break;
  case DType::I32:
    if constexpr (Kind == ReduceKind::Sum)
      reduceLoop<int32_t, SumAcc<int32_t>>(x, y.as<int32_t>(), mask);
    if constexpr (Kind == ReduceKind::Max)
      reduceLoop<int32_t, MaxAcc<int32_t>>(x, y.as<int32_t>(), mask);
    break;
  default: break; // check() admits nothing else
  }
  return Status::success();
}

template <ReduceKind Kind> Status reduceCheck(const KernelCall &call) {
  const char *op = reduceName(Kind);
  if (Status s = checkArity(call, op, 1, 1); !s)
    return s;
  if (Status s = checkAllViews(call, op); !s)
    return s;
  const TensorView &x = call.inputs[0], &y = *call.output;
  uint32_t allowed = kFloat32And64 | (Kind == ReduceKind::Mean ? 0 : dtypeBit(DType::I32));
  if (Status s = checkDType(op, "operand", x.dtype, allowed); !s)
    return s;
  if (y.dtype != x.dtype)
    return kernelError(op, std::string("result element type ") + dtypeName(y.dtype) +
                               " differs from the operand's " + dtypeName(x.dtype));
  int64_t mask = call.params[0];
  if (mask <= 0 || (mask >> x.rank) != 0)
    return kernelError(op, "axis mask " + std::to_string(mask) +
                               " must name at least one dimension and only dimensions below "
                               "the rank " + std::to_string(x.rank));
  // The two accepted shapes: reduced dims kept as 1, or dropped.
  TensorView kept, dropped;
  kept.rank = x.rank;
  for (uint32_t d = 0; d < x.rank; ++d) {
    bool reduced = mask >> d & 1;
    kept.dims[d] = reduced ? 1 : x.dims[d];
    if (!reduced)
      dropped.dims[dropped.rank++] = x.dims[d];
  }
  if (!sameShape(y, kept) && !sameShape(y, dropped))
    return kernelError(op, "result shape " + shapeStr(y) + " should be " + shapeStr(kept) +
                               " (keeping the reduced dims) or " + shapeStr(dropped));
  return Status::success();
}

//===----------------------------------------------------------------------===//
// softmax
//===----------------------------------------------------------------------===//

/// softmax over len elements p[0], p[stride], ...:
///   y_i = exp(x_i - max x) / sum_j exp(x_j - max x)
/// Subtracting the max keeps every exponent <= 0, so nothing overflows, and
/// the largest term is exactly 1, so the sum is >= 1.
template <typename T> void softmaxLine(const T *x, T *y, int64_t len, int64_t stride) {
  T maxValue = x[0];
  for (int64_t i = 1; i < len; ++i)
    if (x[i * stride] > maxValue)
      maxValue = x[i * stride];
  double sum = 0;
  for (int64_t i = 0; i < len; ++i) {
    T e = std::exp(x[i * stride] - maxValue);
    y[i * stride] = e;
    sum += e;
  }
  T scale = static_cast<T>(1.0 / sum);
  for (int64_t i = 0; i < len; ++i)
    y[i * stride] *= scale;
}

template <typename T> void softmaxLoop(const TensorView &x, T *y, uint32_t axis) {
  int64_t outer = 1, inner = 1, len = x.dims[axis];
  for (uint32_t d = 0; d < axis; ++d)
    outer *= x.dims[d];
  for (uint32_t d = axis + 1; d < x.rank; ++d)
    inner *= x.dims[d];
  const T *in = x.as<T>();
  for (int64_t o = 0; o < outer; ++o)
    for (int64_t i = 0; i < inner; ++i) {
      int64_t base = o * len * inner + i;
      softmaxLine(in + base, y + base, len, inner);
    }
}

/// softmax on f16/bf16 storage: the same three passes in f32, except that
/// the exponentials are computed again in the last pass rather than stored,
/// so each result is rounded to 16 bits once.
void softmaxHalfLine(const uint16_t *x, uint16_t *y, int64_t len, int64_t stride, bool bf16) {
  // std::fmax's rule (a NaN loses to a number), spelled out: GCC 12 for
  // aarch64 fails with an internal error vectorizing an fmax reduction here.
  float maxValue = loadHalfAsFloat(x, 0, bf16);
  for (int64_t i = 1; i < len; ++i) {
    const float v = loadHalfAsFloat(x, i * stride, bf16);
    if (v > maxValue || maxValue != maxValue)
      maxValue = v;
  }
  double sum = 0;
  for (int64_t i = 0; i < len; ++i)
    sum += std::exp(loadHalfAsFloat(x, i * stride, bf16) - maxValue);
  auto scale = static_cast<float>(1.0 / sum);
  for (int64_t i = 0; i < len; ++i)
    storeFloatAsHalf(y, i * stride, bf16,
                     std::exp(loadHalfAsFloat(x, i * stride, bf16) - maxValue) * scale);
}

void softmaxHalf(const TensorView &x, const TensorView &y, uint32_t axis) {
  int64_t outer = 1, inner = 1, len = x.dims[axis];
  for (uint32_t d = 0; d < axis; ++d)
    outer *= x.dims[d];
  for (uint32_t d = axis + 1; d < x.rank; ++d)
    inner *= x.dims[d];
  for (int64_t o = 0; o < outer; ++o)
    for (int64_t i = 0; i < inner; ++i) {
      int64_t base = o * len * inner + i;
      softmaxHalfLine(x.as<uint16_t>() + base, y.as<uint16_t>() + base, len, inner,
                      x.dtype == DType::BF16);
    }
}

Status softmaxRun(const KernelCall &call, ThreadPool *) {
  const TensorView &x = call.inputs[0], &y = *call.output;
  auto axis = static_cast<uint32_t>(call.params[0]);
  if (isHalfDType(x.dtype))
    softmaxHalf(x, y, axis);
  else if (x.dtype == DType::F32)
    softmaxLoop(x, y.as<float>(), axis);
  else
    softmaxLoop(x, y.as<double>(), axis);
  return Status::success();
}

Status softmaxCheck(const KernelCall &call) {
  const char *op = "softmax";
  if (Status s = checkArity(call, op, 1, 1); !s)
    return s;
  if (Status s = checkAllViews(call, op); !s)
    return s;
  const TensorView &x = call.inputs[0], &y = *call.output;
  constexpr uint32_t kFloats = kFloat32And64 | dtypeBit(DType::F16) | dtypeBit(DType::BF16);
  if (Status s = checkDType(op, "operand", x.dtype, kFloats); !s)
    return s;
  if (y.dtype != x.dtype || !sameShape(x, y))
    return kernelError(op, std::string("result ") + dtypeName(y.dtype) + shapeStr(y) +
                               " should have the operand's type " + dtypeName(x.dtype) +
                               shapeStr(x));
  if (x.rank == 0)
    return kernelError(op, "operand must have rank >= 1");
  int64_t axis = call.params[0];
  if (axis < 0 || axis >= static_cast<int64_t>(x.rank))
    return kernelError(op, "axis " + std::to_string(axis) + " is out of range for rank " +
                               std::to_string(x.rank));
  return Status::success();
}

} // namespace

void registerReduceKernels(KernelEntries &t) {
  t[opIndex(OpKind::Sum)] = {reduceCheck<ReduceKind::Sum>, reduceRun<ReduceKind::Sum>};
  t[opIndex(OpKind::Mean)] = {reduceCheck<ReduceKind::Mean>, reduceRun<ReduceKind::Mean>};
  t[opIndex(OpKind::Max)] = {reduceCheck<ReduceKind::Max>, reduceRun<ReduceKind::Max>};
  t[opIndex(OpKind::Softmax)] = {softmaxCheck, softmaxRun};
}

} // namespace thymos::rt
