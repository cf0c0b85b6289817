// rmsnorm and layernorm against hand-computed rows.

#include "KernelTestSupport.h"

#include <cmath>
#include <limits>
#include <random>

using namespace thymos::rt;
using namespace thymos::rt::test;
using Catch::Matchers::Contains;

TEST_CASE("rmsnorm", "[norm]") {
  // Row (3, 4): mean of squares 12.5, so y = (3, 4) / sqrt(12.5) · (1, 2).
  // Row (1, 1) with eps 1: y = (1, 1) / sqrt(2) · (1, 2).
  double r = std::sqrt(12.5);
  Buffer x = f64({2, 2}, {3, 4, 1, 1}), w = f64({2}, {1, 2}), y = zeros(DType::F64, {2, 2});
  runOk(OpKind::RmsNorm, {&x, &w}, y, {doubleBits(0.0)});
  CHECK(y.values<double>()[0] == Approx(3 / r).epsilon(1e-15));
  CHECK(y.values<double>()[1] == Approx(8 / r).epsilon(1e-15));
  runOk(OpKind::RmsNorm, {&x, &w}, y, {doubleBits(1.0)});
  CHECK(y.values<double>()[2] == Approx(1 / std::sqrt(2.0)).epsilon(1e-15));
  CHECK(y.values<double>()[3] == Approx(2 / std::sqrt(2.0)).epsilon(1e-15));

  Buffer xf = f32({1, 2}, {3, 4}), wf = f32({2}, {1, 2}), yf = zeros(DType::F32, {1, 2});
  runOk(OpKind::RmsNorm, {&xf, &wf}, yf, {doubleBits(0.0)});
  CHECK(yf.values<float>()[1] == Approx(8 / r).epsilon(1e-6));
}

TEST_CASE("f32 rmsnorm rounds as ggml's rms_norm then mul", "[norm]") {
  // ggml-cpu/ops.cpp, ggml_compute_forward_rms_norm_f32, and the mul by the
  // weight after it: f32 squares summed in double in index order, an f32
  // mean, scale = 1 / sqrtf(mean + eps) in f32, y = (x * scale) * w in f32.
  // Bit for bit, since a matmul quantizes these activations to int8 and an
  // ulp can move a value across a rounding boundary.
  std::mt19937 rng(7);
  std::normal_distribution<float> normal(0.0f, 1.0f);
  const int64_t rows = 6, n = 512;
  const float eps = 1e-5f;
  Buffer x = zeros(DType::F32, {rows, n}), w = zeros(DType::F32, {n});
  Buffer y = zeros(DType::F32, {rows, n});
  float *xs = x.data<float>(), *ws = w.data<float>();
  for (int64_t i = 0; i < rows * n; ++i)
    xs[i] = normal(rng) * (i < n ? 1.0f : 0.05f * static_cast<float>(i / n));
  for (int64_t i = 0; i < n; ++i)
    ws[i] = i % 3 ? 1.0f : 1.0f + 0.25f * normal(rng); // unit weights, as a new model has
  runOk(OpKind::RmsNorm, {&x, &w}, y, {doubleBits(static_cast<double>(eps))});
  std::vector<float> got = y.values<float>();
  int differsFromDouble = 0;
  for (int64_t r = 0; r < rows; ++r) {
    const float *row = xs + r * n;
    double sum = 0.0;
    for (int64_t i = 0; i < n; ++i) {
      const float square = row[i] * row[i];
      sum += square;
    }
    const auto mean = static_cast<float>(sum / static_cast<double>(n));
    const float scale = 1.0f / std::sqrt(mean + eps);
    const double scaleDouble = 1.0 / std::sqrt(sum / static_cast<double>(n) + double(eps));
    for (int64_t i = 0; i < n; ++i) {
      const float scaled = row[i] * scale;
      const float want = scaled * ws[i];
      INFO("row " << r << ", column " << i);
      CHECK(got[r * n + i] == want);
      differsFromDouble += want != static_cast<float>(row[i] * scaleDouble * ws[i]);
    }
  }
  // The rows tell this rounding from a double-precision one.
  CHECK(differsFromDouble > 0);
}

TEST_CASE("layernorm uses the population variance", "[norm]") {
  // (1, 2, 3): mean 2, variance 2/3, so x̂ = (-1, 0, 1) · sqrt(3/2).
  double s = std::sqrt(1.5);
  Buffer x = f64({3}, {1, 2, 3}), w = f64({3}, {1, 1, 2}), b = f64({3}, {0, 5, 1});
  Buffer y = zeros(DType::F64, {3});
  runOk(OpKind::LayerNorm, {&x, &w, &b}, y, {doubleBits(0.0)});
  CHECK(y.values<double>()[0] == Approx(-s).epsilon(1e-15));
  CHECK(y.values<double>()[1] == Approx(5).epsilon(1e-15));
  CHECK(y.values<double>()[2] == Approx(2 * s + 1).epsilon(1e-15));

  // A large common offset must not cost f32 accuracy (statistics in double).
  Buffer xf = f32({2, 3}, {10001, 10002, 10003, -1, 0, 1});
  Buffer wf = f32({3}, {1, 1, 1}), bf = f32({3}, {0, 0, 0}), yf = zeros(DType::F32, {2, 3});
  runOk(OpKind::LayerNorm, {&xf, &wf, &bf}, yf, {doubleBits(0.0)});
  std::vector<float> v = yf.values<float>();
  for (int row = 0; row < 2; ++row) {
    CHECK(v[row * 3 + 0] == Approx(-s).epsilon(1e-6));
    CHECK(v[row * 3 + 1] == Approx(0).margin(1e-6));
    CHECK(v[row * 3 + 2] == Approx(s).epsilon(1e-6));
  }
}

TEST_CASE("norm check() failures", "[norm][check]") {
  auto F32 = DType::F32;
  CHECK(errorOf(checkViews(OpKind::RmsNorm, {shapeOnly(F32, {4, 8}), shapeOnly(F32, {4})},
                           shapeOnly(F32, {4, 8}), {doubleBits(1e-5)})) ==
        "rmsnorm: weight must be f32[8] (x's element type and last dimension), got f32[4]");
  CHECK_THAT(errorOf(checkViews(OpKind::LayerNorm,
                                {shapeOnly(F32, {4, 8}), shapeOnly(F32, {8}),
                                 shapeOnly(DType::F64, {8})},
                                shapeOnly(F32, {4, 8}), {doubleBits(1e-5)})),
             Contains("bias must be f32[8]"));
  CHECK_THAT(errorOf(checkViews(OpKind::RmsNorm, {shapeOnly(F32, {8}), shapeOnly(F32, {8})},
                                shapeOnly(F32, {8}), {doubleBits(-1.0)})),
             Contains("epsilon must be a finite number >= 0"));
  CHECK_THAT(errorOf(checkViews(OpKind::RmsNorm, {shapeOnly(F32, {8}), shapeOnly(F32, {8})},
                                shapeOnly(F32, {8}),
                                {doubleBits(std::numeric_limits<double>::quiet_NaN())})),
             Contains("epsilon"));
  CHECK_THAT(errorOf(checkViews(OpKind::LayerNorm, {shapeOnly(F32, {8}), shapeOnly(F32, {8})},
                                shapeOnly(F32, {8}), {doubleBits(0.0)})),
             Contains("expected 3 inputs, got 2"));
  CHECK_THAT(errorOf(checkViews(OpKind::RmsNorm, {shapeOnly(F32, {2, 8}), shapeOnly(F32, {8})},
                                shapeOnly(F32, {8, 2}), {doubleBits(0.0)})),
             Contains("should have x's type"));
}
