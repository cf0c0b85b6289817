//===- ElementwiseMath.h - The scalar math of the elementwise ops -----------===//
//
// One functor per unary or binary elementwise op, mapping elements to an
// element. The standalone kernels (Elementwise.cpp) and the fused kernel
// (Fused.cpp) both call these, so a fused chain computes bit for bit what the
// ops compute one by one; constant folding (passes/ConstantFolding.cpp) calls
// them on doubles, so the math of every elementwise op is written once.
//
//===----------------------------------------------------------------------===//
#pragma once

#include "runtime/Tensor.h"

#include <climits>
#include <cmath>
#include <cstdint>
#include <type_traits>

namespace thymos::rt::elementwise {

//===----------------------------------------------------------------------===//
// Unary ops
//===----------------------------------------------------------------------===//

struct NegFn {
  template <typename T> T operator()(T x) const { return -x; }
  // -INT_MIN wraps to INT_MIN; the unsigned negation keeps that defined.
  int32_t operator()(int32_t x) const {
    return static_cast<int32_t>(0u - static_cast<uint32_t>(x));
  }
};
struct ExpFn {
  template <typename T> T operator()(T x) const { return std::exp(x); }
};
struct LogFn {
  template <typename T> T operator()(T x) const { return std::log(x); }
};
struct SqrtFn {
  template <typename T> T operator()(T x) const { return std::sqrt(x); }
};
struct RsqrtFn {
  // rsqrt(x) = 1 / sqrt(x)
  template <typename T> T operator()(T x) const { return T(1) / std::sqrt(x); }
};
struct ReluFn {
  // max(x, 0); written so that NaN passes through.
  template <typename T> T operator()(T x) const { return x < T(0) ? T(0) : x; }
};
struct SigmoidFn {
  // sigmoid(x) = 1 / (1 + e^-x); e^-x overflowing to inf gives the right 0.
  template <typename T> T operator()(T x) const { return T(1) / (T(1) + std::exp(-x)); }
};
struct TanhFn {
  template <typename T> T operator()(T x) const { return std::tanh(x); }
};
struct GeluFn {
  // gelu(x) = 0.5 x (1 + tanh(sqrt(2/pi) (x + 0.044715 x^3)))  (GPT-2's form)
  template <typename T> T operator()(T x) const {
    const T kSqrt2OverPi = T(0.7978845608028654);
    return T(0.5) * x * (T(1) + std::tanh(kSqrt2OverPi * (x + T(0.044715) * x * x * x)));
  }
};
/// silu of an f32 element, and of n contiguous ones (vector code where the
/// CPU has it), with the same bits (SiluF32.cpp).
float siluF32(float x);
void siluF32Rows(const float *x, float *y, int64_t n);

struct SiluFn {
  // silu(x) = x * sigmoid(x) = x / (1 + e^-x)
  template <typename T> T operator()(T x) const { return x / (T(1) + std::exp(-x)); }
  float operator()(float x) const { return siluF32(x); }
};

//===----------------------------------------------------------------------===//
// Binary ops
//===----------------------------------------------------------------------===//

// divByZero and overflow record i32 division's undefined cases for the caller.
struct AddFn {
  bool divByZero = false, overflow = false;
  template <typename T> T operator()(T a, T b) { return a + b; }
  int32_t operator()(int32_t a, int32_t b) {
    return static_cast<int32_t>(static_cast<uint32_t>(a) + static_cast<uint32_t>(b));
  }
};
struct SubFn {
  bool divByZero = false, overflow = false;
  template <typename T> T operator()(T a, T b) { return a - b; }
  int32_t operator()(int32_t a, int32_t b) {
    return static_cast<int32_t>(static_cast<uint32_t>(a) - static_cast<uint32_t>(b));
  }
};
struct MulFn {
  bool divByZero = false, overflow = false;
  template <typename T> T operator()(T a, T b) { return a * b; }
  int32_t operator()(int32_t a, int32_t b) {
    return static_cast<int32_t>(static_cast<uint32_t>(a) * static_cast<uint32_t>(b));
  }
};
struct DivFn {
  bool divByZero = false, overflow = false;
  template <typename T> T operator()(T a, T b) { return a / b; }
  // The two undefined cases of C's integer division are recorded, not run.
  int32_t operator()(int32_t a, int32_t b) {
    if (b == 0) {
      divByZero = true;
      return 0;
    }
    if (a == INT32_MIN && b == -1) {
      overflow = true;
      return 0;
    }
    return a / b;
  }
};

//===----------------------------------------------------------------------===//
// From an op code to its functor
//===----------------------------------------------------------------------===//

/// Calls `visit(Fn{})` with the functor of a unary elementwise op; false
/// (nothing called) for any other op.
template <typename Visitor> bool visitUnary(OpKind op, Visitor &&visit) {
  switch (op) {
  case OpKind::Neg: visit(NegFn{}); return true;
  case OpKind::Exp: visit(ExpFn{}); return true;
  case OpKind::Log: visit(LogFn{}); return true;
  case OpKind::Sqrt: visit(SqrtFn{}); return true;
  case OpKind::Rsqrt: visit(RsqrtFn{}); return true;
  case OpKind::Relu: visit(ReluFn{}); return true;
  case OpKind::Sigmoid: visit(SigmoidFn{}); return true;
  case OpKind::Tanh: visit(TanhFn{}); return true;
  case OpKind::Gelu: visit(GeluFn{}); return true;
  case OpKind::Silu: visit(SiluFn{}); return true;
  default: return false;
  }
}

/// Calls `visit(Fn{})` with the functor of a binary elementwise op; false
/// (nothing called) for any other op.
template <typename Visitor> bool visitBinary(OpKind op, Visitor &&visit) {
  switch (op) {
  case OpKind::Add: visit(AddFn{}); return true;
  case OpKind::Sub: visit(SubFn{}); return true;
  case OpKind::Mul: visit(MulFn{}); return true;
  case OpKind::Div: visit(DivFn{}); return true;
  default: return false;
  }
}

/// 1 for a unary, 2 for a binary elementwise op, 0 for any other.
inline unsigned arity(OpKind op) {
  if (visitUnary(op, [](auto) {}))
    return 1;
  return visitBinary(op, [](auto) {}) ? 2 : 0;
}

/// y[i] = Fn(x[i]) for n contiguous elements: the op's vector loop where it
/// has one (the same bits as Fn on each element).
template <typename T, typename Fn> void mapContiguous(const T *x, T *y, int64_t n) {
  if constexpr (std::is_same_v<T, float> && std::is_same_v<Fn, SiluFn>) {
    siluF32Rows(x, y, n);
  } else {
    Fn fn;
    for (int64_t i = 0; i < n; ++i)
      y[i] = fn(x[i]);
  }
}

} // namespace thymos::rt::elementwise
