//===- Elementwise.cpp - Unary math and broadcasting binary arithmetic ------===//
//
// Unary ops: f32 and f64 (neg and relu also i32). Binary ops add sub mul div:
// f32, f64 and i32, with NumPy broadcasting. Integer arithmetic wraps on
// overflow (two's complement, computed in unsigned so it is defined), except
// division: a zero divisor or INT_MIN / -1 makes run() fail. Integer
// division truncates toward zero, as in C.
//
// cast lives in Cast.cpp.
//
//===----------------------------------------------------------------------===//

#include "runtime/cpu/ElementwiseMath.h"
#include "runtime/cpu/KernelSupport.h"

namespace thymos::rt {

namespace {

using namespace elementwise;

//===----------------------------------------------------------------------===//
// Unary ops
//===----------------------------------------------------------------------===//

template <typename T, typename Fn> void unaryLoop(const T *x, T *y, int64_t n) {
  mapContiguous<T, Fn>(x, y, n);
}

/// Only neg and relu have an i32 form.
template <typename Fn> constexpr bool kHasI32 = false;
template <> constexpr bool kHasI32<NegFn> = true;
template <> constexpr bool kHasI32<ReluFn> = true;

template <typename Fn> Status unaryRun(const KernelCall &call, ThreadPool *) {
  const TensorView &x = call.inputs[0], &y = *call.output;
  int64_t n = x.numElements();
  if (x.dtype == DType::F32)
    unaryLoop<float, Fn>(x.as<float>(), y.as<float>(), n);
  else if (x.dtype == DType::F64)
    unaryLoop<double, Fn>(x.as<double>(), y.as<double>(), n);
  else if constexpr (kHasI32<Fn>)
    unaryLoop<int32_t, Fn>(x.as<int32_t>(), y.as<int32_t>(), n);
  return Status::success();
}

Status unaryCheck(const KernelCall &call, const char *op, uint32_t allowed) {
  if (Status s = checkArity(call, op, 1, 0); !s)
    return s;
  if (Status s = checkAllViews(call, op); !s)
    return s;
  const TensorView &x = call.inputs[0], &y = *call.output;
  if (Status s = checkDType(op, "operand", x.dtype, allowed); !s)
    return s;
  if (y.dtype != x.dtype)
    return kernelError(op, std::string("result element type ") + dtypeName(y.dtype) +
                               " differs from the operand's " + dtypeName(x.dtype));
  if (!sameShape(x, y))
    return kernelError(op, "result shape " + shapeStr(y) + " differs from the operand's " +
                               shapeStr(x));
  return Status::success();
}

constexpr uint32_t kFloatOrI32 = kFloat32And64 | dtypeBit(DType::I32);

template <const char *Name, uint32_t Allowed> Status unaryCheckFor(const KernelCall &call) {
  return unaryCheck(call, Name, Allowed);
}

constexpr char kNeg[] = "neg", kExp[] = "exp", kLog[] = "log", kSqrt[] = "sqrt",
               kRsqrt[] = "rsqrt", kRelu[] = "relu", kSigmoid[] = "sigmoid", kTanh[] = "tanh",
               kGelu[] = "gelu", kSilu[] = "silu";

//===----------------------------------------------------------------------===//
// Binary ops
//===----------------------------------------------------------------------===//

/// z[i] = fn(x[i*sx], y[i*sy]) with each stride 0 or 1; the four cases are
/// spelled out so that the common ones are plain unit-stride loops.
template <typename T, typename Fn>
void innerLoop(const T *x, int64_t sx, const T *y, int64_t sy, T *z, int64_t n, Fn &fn) {
  if (sx == 1 && sy == 1) {
    for (int64_t i = 0; i < n; ++i)
      z[i] = fn(x[i], y[i]);
  } else if (sx == 1 && sy == 0) {
    T b = y[0];
    for (int64_t i = 0; i < n; ++i)
      z[i] = fn(x[i], b);
  } else if (sx == 0 && sy == 1) {
    T a = x[0];
    for (int64_t i = 0; i < n; ++i)
      z[i] = fn(a, y[i]);
  } else {
    T v = fn(x[0], y[0]);
    for (int64_t i = 0; i < n; ++i)
      z[i] = v;
  }
}

template <typename T, typename Fn>
void binaryLoop(const TensorView &a, const TensorView &b, const TensorView &out, Fn &fn) {
  const T *x = a.as<T>(), *y = b.as<T>();
  T *z = out.as<T>();
  int64_t n = out.numElements();
  // Fast paths: equal shapes, or one side a single element.
  if (sameShape(a, out) && sameShape(b, out))
    return innerLoop(x, 1, y, 1, z, n, fn);
  if (sameShape(a, out) && b.numElements() == 1)
    return innerLoop(x, 1, y, 0, z, n, fn);
  if (sameShape(b, out) && a.numElements() == 1)
    return innerLoop(x, 0, y, 1, z, n, fn);
  // General case: walk the output row by row (its innermost dim), reading
  // each operand through broadcast strides (0 along broadcast dims).
  int64_t sa[kMaxRank], sb[kMaxRank];
  broadcastStrides(a, out, sa);
  broadcastStrides(b, out, sb);
  uint32_t r = out.rank;
  int64_t inner = out.dims[r - 1];
  int64_t index[kMaxRank] = {};
  int64_t offA = 0, offB = 0, offZ = 0;
  do {
    innerLoop(x + offA, sa[r - 1], y + offB, sb[r - 1], z + offZ, inner, fn);
    offZ += inner;
  } while (nextIndex2(index, out.dims, r, 1, sa, offA, sb, offB));
}

template <typename Fn> Status binaryRun(const KernelCall &call, ThreadPool *) {
  const TensorView &a = call.inputs[0], &b = call.inputs[1], &out = *call.output;
  Fn fn;
  switch (a.dtype) {
  case DType::F32: binaryLoop<float>(a, b, out, fn); break;
  case DType::F64: binaryLoop<double>(a, b, out, fn); break;
  case DType::I32: binaryLoop<int32_t>(a, b, out, fn); break;
  default: break; // check() admits nothing else
  }
  if (fn.divByZero)
    return Status::error("div: integer division by zero");
  if (fn.overflow)
    return Status::error("div: integer overflow (-2147483648 / -1)");
  return Status::success();
}

Status binaryCheck(const KernelCall &call, const char *op) {
  if (Status s = checkArity(call, op, 2, 0); !s)
    return s;
  if (Status s = checkAllViews(call, op); !s)
    return s;
  const TensorView &a = call.inputs[0], &b = call.inputs[1], &out = *call.output;
  if (Status s = checkDType(op, "lhs", a.dtype, kFloatOrI32); !s)
    return s;
  if (b.dtype != a.dtype)
    return kernelError(op, std::string("operand element types differ (") + dtypeName(a.dtype) +
                               " vs " + dtypeName(b.dtype) + ")");
  if (out.dtype != a.dtype)
    return kernelError(op, std::string("result element type ") + dtypeName(out.dtype) +
                               " differs from the operands' " + dtypeName(a.dtype));
  TensorView expected;
  if (!broadcastShape(a, b, expected))
    return kernelError(op, "operand shapes " + shapeStr(a) + " and " + shapeStr(b) +
                               " do not broadcast");
  if (!sameShape(expected, out))
    return kernelError(op, "result shape " + shapeStr(out) + " should be " +
                               shapeStr(expected));
  return Status::success();
}

template <const char *Name> Status binaryCheckFor(const KernelCall &call) {
  return binaryCheck(call, Name);
}

constexpr char kAdd[] = "add", kSub[] = "sub", kMul[] = "mul", kDiv[] = "div";

} // namespace

void registerElementwiseKernels(KernelEntries &t) {
  t[opIndex(OpKind::Neg)] = {unaryCheckFor<kNeg, kFloatOrI32>, unaryRun<NegFn>};
  t[opIndex(OpKind::Exp)] = {unaryCheckFor<kExp, kFloat32And64>, unaryRun<ExpFn>};
  t[opIndex(OpKind::Log)] = {unaryCheckFor<kLog, kFloat32And64>, unaryRun<LogFn>};
  t[opIndex(OpKind::Sqrt)] = {unaryCheckFor<kSqrt, kFloat32And64>, unaryRun<SqrtFn>};
  t[opIndex(OpKind::Rsqrt)] = {unaryCheckFor<kRsqrt, kFloat32And64>, unaryRun<RsqrtFn>};
  t[opIndex(OpKind::Relu)] = {unaryCheckFor<kRelu, kFloatOrI32>, unaryRun<ReluFn>};
  t[opIndex(OpKind::Sigmoid)] = {unaryCheckFor<kSigmoid, kFloat32And64>, unaryRun<SigmoidFn>};
  t[opIndex(OpKind::Tanh)] = {unaryCheckFor<kTanh, kFloat32And64>, unaryRun<TanhFn>};
  t[opIndex(OpKind::Gelu)] = {unaryCheckFor<kGelu, kFloat32And64>, unaryRun<GeluFn>};
  t[opIndex(OpKind::Silu)] = {unaryCheckFor<kSilu, kFloat32And64>, unaryRun<SiluFn>};
  t[opIndex(OpKind::Add)] = {binaryCheckFor<kAdd>, binaryRun<AddFn>};
  t[opIndex(OpKind::Sub)] = {binaryCheckFor<kSub>, binaryRun<SubFn>};
  t[opIndex(OpKind::Mul)] = {binaryCheckFor<kMul>, binaryRun<MulFn>};
  t[opIndex(OpKind::Div)] = {binaryCheckFor<kDiv>, binaryRun<DivFn>};
}

} // namespace thymos::rt
