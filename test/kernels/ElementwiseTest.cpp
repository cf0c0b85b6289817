// Unary math and broadcasting binary arithmetic against closed forms.

#include "KernelTestSupport.h"
#include "runtime/cpu/ElementwiseMath.h"

#include <climits>
#include <cmath>
#include <cstring>

using namespace thymos::rt;
using namespace thymos::rt::test;
using Catch::Matchers::Contains;

namespace {

/// Runs a unary op on f64 and f32 copies of `x` and compares with `expected`.
void expectUnary(OpKind op, const std::vector<double> &x, const std::vector<double> &expected) {
  auto n = static_cast<int64_t>(x.size());
  Buffer in64 = f64({n}, x), out64 = zeros(DType::F64, {n});
  runOk(op, {&in64}, out64);
  std::vector<float> xf(x.begin(), x.end());
  Buffer in32 = f32({n}, xf), out32 = zeros(DType::F32, {n});
  runOk(op, {&in32}, out32);
  for (size_t i = 0; i < x.size(); ++i) {
    INFO("element " << i << " of x = " << x[i]);
    CHECK(out64.values<double>()[i] == Approx(expected[i]).epsilon(1e-14).margin(1e-300));
    CHECK(out32.values<float>()[i] == Approx(expected[i]).epsilon(1e-6).margin(1e-7));
  }
}

} // namespace

TEST_CASE("unary math at known points", "[elementwise]") {
  const double e = std::exp(1.0);
  expectUnary(OpKind::Neg, {1.5, -2, 0}, {-1.5, 2, 0});
  expectUnary(OpKind::Exp, {0, 1, -1, std::log(5.0)}, {1, e, 1 / e, 5});
  expectUnary(OpKind::Log, {1, e, 0.125}, {0, 1, -3 * std::log(2.0)});
  expectUnary(OpKind::Sqrt, {4, 2, 0.25}, {2, 1.4142135623730951, 0.5});
  expectUnary(OpKind::Rsqrt, {4, 0.25, 100}, {0.5, 2, 0.1});
  expectUnary(OpKind::Relu, {-3, 0, 2.5}, {0, 0, 2.5});
  // sigmoid(ln 3) = 1 / (1 + 1/3) = 3/4
  expectUnary(OpKind::Sigmoid, {0, std::log(3.0), -std::log(3.0)}, {0.5, 0.75, 0.25});
  // tanh(ln 2) = (2 - 1/2) / (2 + 1/2) = 3/5
  expectUnary(OpKind::Tanh, {0, std::log(2.0), -std::log(2.0)}, {0, 0.6, -0.6});
  // gelu(x) = 0.5 x (1 + tanh(sqrt(2/pi) (x + 0.044715 x^3))), evaluated in
  // double outside this code: x = 1, -0.5, 2.
  expectUnary(OpKind::Gelu, {0, 1, -0.5, 2},
              {0, 0.8411919906082768, -0.15428599017485606, 1.954597694087775});
  // silu(1) = 1 / (1 + e^-1); silu(-2) = -2 / (1 + e^2)
  expectUnary(OpKind::Silu, {0, 1, -2}, {0, 0.7310585786300049, -0.2384058440442351});
}

TEST_CASE("sigmoid and silu saturate without NaN", "[elementwise]") {
  Buffer x = f32({2}, {-1000.0f, 1000.0f}), y = zeros(DType::F32, {2});
  runOk(OpKind::Sigmoid, {&x}, y);
  CHECK(y.values<float>() == std::vector<float>{0.0f, 1.0f});
  runOk(OpKind::Silu, {&x}, y);
  CHECK(y.values<float>()[0] == 0.0f);
  CHECK(y.values<float>()[1] == 1000.0f);
}

TEST_CASE("f32 silu is the correctly rounded value, the same bits on every path",
          "[elementwise]") {
  // Against x / (1 + e^-x) in long double (64-bit mantissa) rounded to f32:
  // the binary64 evaluation may differ only within ~2^-50 of a rounding
  // boundary, which none of these inputs is. The vector loop (runOk on a
  // long row, with a tail), the element functor and a one-element row agree
  // bit for bit, NaN and the infinities included.
  std::vector<float> x;
  for (int i = -4000; i <= 4000; ++i)
    x.push_back(static_cast<float>(i) * 0.0137f);
  for (float v : {0.0f, -0.0f, 1e-30f, -1e-30f, 88.0f, -88.0f, 103.0f, -103.0f, 709.5f, -709.5f,
                  800.0f, -800.0f, 3e38f, -3e38f, INFINITY, -INFINITY, NAN})
    x.push_back(v);
  const auto n = static_cast<int64_t>(x.size());
  Buffer in = f32({n}, x), out = zeros(DType::F32, {n});
  runOk(OpKind::Silu, {&in}, out);
  const std::vector<float> got = out.values<float>();
  int64_t wrong = 0, split = 0;
  for (size_t i = 0; i < x.size(); ++i) {
    const float one = thymos::rt::elementwise::SiluFn{}(x[i]);
    float row;
    thymos::rt::elementwise::siluF32Rows(&x[i], &row, 1);
    split += std::memcmp(&one, &got[i], 4) != 0 || std::memcmp(&row, &got[i], 4) != 0;
    if (std::isnan(x[i]) || x[i] == -INFINITY) {
      wrong += !std::isnan(got[i]); // -inf / inf
      continue;
    }
    const long double xl = x[i];
    const auto want = static_cast<float>(xl / (1.0L + std::exp(-xl)));
    wrong += std::memcmp(&want, &got[i], 4) != 0;
  }
  CHECK(split == 0);
  CHECK(wrong == 0);
}

TEST_CASE("integer neg and relu", "[elementwise]") {
  Buffer x = i32({4}, {5, -7, 0, INT_MIN}), y = zeros(DType::I32, {4});
  runOk(OpKind::Neg, {&x}, y);
  // -INT_MIN wraps to INT_MIN (two's complement), documented behaviour.
  CHECK(y.values<int32_t>() == std::vector<int32_t>{-5, 7, 0, INT_MIN});
  runOk(OpKind::Relu, {&x}, y);
  CHECK(y.values<int32_t>() == std::vector<int32_t>{5, 0, 0, 0});
}

TEST_CASE("binary ops on equal shapes and scalars", "[elementwise]") {
  Buffer a = f64({2, 2}, {1, 2, 3, 4}), b = f64({2, 2}, {8, 4, 2, 1});
  Buffer out = zeros(DType::F64, {2, 2});
  runOk(OpKind::Add, {&a, &b}, out);
  CHECK(out.values<double>() == std::vector<double>{9, 6, 5, 5});
  runOk(OpKind::Sub, {&a, &b}, out);
  CHECK(out.values<double>() == std::vector<double>{-7, -2, 1, 3});
  runOk(OpKind::Mul, {&a, &b}, out);
  CHECK(out.values<double>() == std::vector<double>{8, 8, 6, 4});
  runOk(OpKind::Div, {&a, &b}, out);
  CHECK(out.values<double>() == std::vector<double>{0.125, 0.5, 1.5, 4});

  Buffer s = f64({}, {10});
  runOk(OpKind::Sub, {&s, &a}, out);
  CHECK(out.values<double>() == std::vector<double>{9, 8, 7, 6});
  runOk(OpKind::Div, {&a, &s}, out);
  CHECK(out.values<double>() == std::vector<double>{0.1, 0.2, 0.3, 0.4});

  Buffer s0 = f64({}, {3}), s1 = f64({}, {4}), scalarOut = zeros(DType::F64, {});
  runOk(OpKind::Mul, {&s0, &s1}, scalarOut);
  CHECK(scalarOut.values<double>()[0] == 12);
}

TEST_CASE("binary ops broadcast like NumPy", "[elementwise]") {
  SECTION("row added to every row") {
    Buffer a = f32({2, 3}, {0, 1, 2, 3, 4, 5}), row = f32({3}, {10, 20, 30});
    Buffer out = zeros(DType::F32, {2, 3});
    runOk(OpKind::Add, {&a, &row}, out);
    CHECK(out.values<float>() == std::vector<float>{10, 21, 32, 13, 24, 35});
  }
  SECTION("column times row is the outer product") {
    Buffer col = f32({2, 1}, {2, 3}), row = f32({1, 3}, {1, 10, 100});
    Buffer out = zeros(DType::F32, {2, 3});
    runOk(OpKind::Mul, {&col, &row}, out);
    CHECK(out.values<float>() == std::vector<float>{2, 20, 200, 3, 30, 300});
  }
  SECTION("ranks differ and both sides broadcast") {
    // a[i][0][k] = 100 i + k, b[j][0] = 10 j; out[i][j][k] = a[i][0][k] - b[j][0]
    std::vector<double> av, bv = {0, 10, 20, 30};
    for (int i = 0; i < 2; ++i)
      for (int k = 0; k < 3; ++k)
        av.push_back(100 * i + k);
    Buffer a = f64({2, 1, 3}, av), b = f64({4, 1}, bv), out = zeros(DType::F64, {2, 4, 3});
    runOk(OpKind::Sub, {&a, &b}, out);
    std::vector<double> got = out.values<double>();
    for (int i = 0; i < 2; ++i)
      for (int j = 0; j < 4; ++j)
        for (int k = 0; k < 3; ++k)
          CHECK(got[(i * 4 + j) * 3 + k] == 100 * i + k - 10 * j);
  }
}

TEST_CASE("integer arithmetic", "[elementwise]") {
  Buffer a = i32({4}, {7, -7, 7, -7}), b = i32({4}, {2, 2, -2, -2}), out = zeros(DType::I32, {4});
  runOk(OpKind::Div, {&a, &b}, out);
  CHECK(out.values<int32_t>() == std::vector<int32_t>{3, -3, -3, 3}); // toward zero
  runOk(OpKind::Mul, {&a, &b}, out);
  CHECK(out.values<int32_t>() == std::vector<int32_t>{14, -14, -14, 14});
  Buffer big = i32({1}, {INT_MAX}), one = i32({}, {1}), wrapped = zeros(DType::I32, {1});
  runOk(OpKind::Add, {&big, &one}, wrapped);
  CHECK(wrapped.values<int32_t>()[0] == INT_MIN); // wraps, documented
}

TEST_CASE("integer division by zero and INT_MIN / -1 are errors", "[elementwise]") {
  Buffer a = i32({3}, {1, 2, 3}), b = i32({3}, {1, 0, 1}), out = zeros(DType::I32, {3});
  Status s = runOp(OpKind::Div, {&a, &b}, out);
  CHECK_THAT(errorOf(s), Contains("division by zero"));
  Buffer m = i32({1}, {INT_MIN}), minusOne = i32({1}, {-1}), o = zeros(DType::I32, {1});
  CHECK_THAT(errorOf(runOp(OpKind::Div, {&m, &minusOne}, o)), Contains("overflow"));
  // Float division by zero is IEEE arithmetic, not an error.
  Buffer x = f32({1}, {1}), zero = f32({1}, {0}), y = zeros(DType::F32, {1});
  runOk(OpKind::Div, {&x, &zero}, y);
  CHECK(std::isinf(y.values<float>()[0]));
}

TEST_CASE("elementwise check() failures", "[elementwise][check]") {
  auto F32 = DType::F32;
  CHECK(errorOf(checkViews(OpKind::Add, {shapeOnly(F32, {2, 3}), shapeOnly(F32, {4})},
                           shapeOnly(F32, {2, 3}))) ==
        "add: operand shapes [2,3] and [4] do not broadcast");
  CHECK(errorOf(checkViews(OpKind::Add, {shapeOnly(F32, {2, 3}), shapeOnly(DType::F64, {3})},
                           shapeOnly(F32, {2, 3}))) ==
        "add: operand element types differ (f32 vs f64)");
  CHECK(errorOf(checkViews(OpKind::Mul, {shapeOnly(F32, {2, 3}), shapeOnly(F32, {3})},
                           shapeOnly(F32, {3}))) ==
        "mul: result shape [3] should be [2,3]");
  CHECK_THAT(errorOf(checkViews(OpKind::Sub, {shapeOnly(F32, {2}), shapeOnly(F32, {2})},
                                shapeOnly(F32, {2}), {0})),
             Contains("expected 0 params, got 1"));
  CHECK_THAT(errorOf(checkViews(OpKind::Div, {shapeOnly(F32, {2})}, shapeOnly(F32, {2}))),
             Contains("expected 2 inputs, got 1"));
  CHECK_THAT(errorOf(checkViews(OpKind::Exp, {shapeOnly(DType::I32, {2})},
                                shapeOnly(DType::I32, {2}))),
             Contains("does not support"));
  CHECK_THAT(errorOf(checkViews(OpKind::Exp, {shapeOnly(DType::F16, {2})},
                                shapeOnly(DType::F16, {2}))),
             Contains("f16"));
  CHECK_THAT(errorOf(checkViews(OpKind::Neg, {shapeOnly(DType::Q8_0, {32})},
                                shapeOnly(DType::Q8_0, {32}))),
             Contains("block-quantized types are not supported"));
  CHECK_THAT(errorOf(checkViews(OpKind::Relu, {shapeOnly(F32, {2, 0})}, shapeOnly(F32, {2, 0}))),
             Contains("expected > 0"));
  CHECK_THAT(errorOf(checkViews(OpKind::Tanh, {shapeOnly(F32, {1, 1, 1, 1, 1, 1, 1, 1, 1})},
                                shapeOnly(F32, {1}))),
             Contains("above the maximum 8"));
  CHECK_THAT(errorOf(checkViews(OpKind::Sqrt, {shapeOnly(F32, {1 << 30, 1 << 30, 1 << 30})},
                                shapeOnly(F32, {1 << 30, 1 << 30, 1 << 30}))),
             Contains("too many elements"));
  CHECK_THAT(errorOf(checkViews(OpKind::Silu, {shapeOnly(F32, {2})}, shapeOnly(F32, {3}))),
             Contains("result shape [3] differs"));
  CHECK_THAT(errorOf(checkViews(OpKind::Gelu, {shapeOnly(F32, {2})},
                                shapeOnly(DType::F64, {2}))),
             Contains("result element type f64"));
}
