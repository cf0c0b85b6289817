// rope against closed forms: position 0 is the identity, pair i of a token at
// position p turns by p · base^(-2i/rotary_dims) (a plane rotation, so each
// pair keeps its length), dimensions past rotary_dims pass through.

#include "KernelTestSupport.h"

#include <cmath>

using namespace thymos::rt;
using namespace thymos::rt::test;
using Catch::Matchers::Contains;

namespace {

std::vector<int64_t> ropeParams(double freqBase, int64_t rotaryDims) {
  return {doubleBits(freqBase), rotaryDims};
}

} // namespace

TEST_CASE("rope at position 0 is the identity", "[rope]") {
  std::vector<double> v{1.5, -2, 3, 0.25, -7, 8, 9, 10};
  Buffer x = f64({1, 2, 4}, v), pos = i32({1}, {0}), y = zeros(DType::F64, {1, 2, 4});
  runOk(OpKind::Rope, {&x, &pos}, y, ropeParams(10000, 4));
  CHECK(y.values<double>() == v);
}

TEST_CASE("rope rotates adjacent pairs by known angles", "[rope]") {
  // Two tokens at positions 1 and 3, two heads of dimension 6, rotary_dims 4,
  // base 10000: pair 0 turns by p radians, pair 1 by p · 10000^(-1/2) = p/100;
  // elements 4 and 5 of each head pass through.
  std::vector<double> v(24);
  for (size_t k = 0; k < v.size(); ++k)
    v[k] = 0.5 + static_cast<double>(k);
  Buffer x = f64({2, 2, 6}, v), pos = i32({2}, {1, 3}), y = zeros(DType::F64, {2, 2, 6});
  runOk(OpKind::Rope, {&x, &pos}, y, ropeParams(10000, 4));
  std::vector<double> out = y.values<double>();
  const int p[] = {1, 3};
  for (int t = 0; t < 2; ++t)
    for (int h = 0; h < 2; ++h) {
      const size_t base = static_cast<size_t>(t * 12 + h * 6);
      const double angles[] = {p[t] * 1.0, p[t] * 0.01};
      for (int i = 0; i < 2; ++i) {
        double c = std::cos(angles[i]), s = std::sin(angles[i]);
        double x0 = v[base + 2 * i], x1 = v[base + 2 * i + 1];
        CHECK(out[base + 2 * i] == Approx(x0 * c - x1 * s).epsilon(1e-14));
        CHECK(out[base + 2 * i + 1] == Approx(x0 * s + x1 * c).epsilon(1e-14));
      }
      CHECK(out[base + 4] == v[base + 4]);
      CHECK(out[base + 5] == v[base + 5]);
    }
}

TEST_CASE("rope with more pairs than one pass of frequencies", "[rope]") {
  // rotary_dims 150 (75 pairs, past the kernel's 64 per pass) of a head of
  // 154, three tokens at positions 0, 7 and 1000, base 500: every pair
  // against its closed form, in place.
  const int64_t headDim = 154, rotary = 150, heads = 2;
  std::vector<double> v(static_cast<size_t>(3 * heads * headDim));
  for (size_t k = 0; k < v.size(); ++k)
    v[k] = std::sin(0.37 * static_cast<double>(k)) + 0.1;
  Buffer x = f64({3, heads, headDim}, v), pos = i32({3}, {0, 7, 1000});
  runOk(OpKind::Rope, {&x, &pos}, x, ropeParams(500, rotary));
  std::vector<double> out = x.values<double>();
  const int p[] = {0, 7, 1000};
  for (int64_t t = 0; t < 3; ++t)
    for (int64_t h = 0; h < heads; ++h)
      for (int64_t k = 0; k < headDim; k += 2) {
        const auto at = static_cast<size_t>((t * heads + h) * headDim + k);
        if (k >= rotary) {
          CHECK(out[at] == v[at]);
          CHECK(out[at + 1] == v[at + 1]);
          continue;
        }
        const double angle = p[t] * std::pow(500.0, -double(k) / double(rotary));
        const double c = std::cos(angle), s = std::sin(angle);
        INFO("token " << t << " head " << h << " element " << k);
        CHECK(out[at] == Approx(v[at] * c - v[at + 1] * s).margin(1e-12));
        CHECK(out[at + 1] == Approx(v[at] * s + v[at + 1] * c).margin(1e-12));
      }
}

TEST_CASE("rope turns (1, 0) onto the unit circle", "[rope]") {
  // Position 2, base 4, rotary_dims 4: pair 1 turns by 2 · 4^(-1/2) = 1 radian.
  Buffer x = f32({1, 1, 4}, {1, 0, 1, 0}), pos = i32({1}, {2}), y = zeros(DType::F32, {1, 1, 4});
  runOk(OpKind::Rope, {&x, &pos}, y, ropeParams(4, 4));
  std::vector<float> out = y.values<float>();
  CHECK(out[0] == Approx(std::cos(2.0)).epsilon(1e-6));
  CHECK(out[1] == Approx(std::sin(2.0)).epsilon(1e-6));
  CHECK(out[2] == Approx(std::cos(1.0)).epsilon(1e-6));
  CHECK(out[3] == Approx(std::sin(1.0)).epsilon(1e-6));
}

TEST_CASE("rope keeps each pair's length, also in place", "[rope]") {
  // Large positions: f32 results still lie on the pair's circle.
  std::vector<float> v(3 * 2 * 8);
  for (size_t k = 0; k < v.size(); ++k)
    v[k] = static_cast<float>(std::sin(0.7 * static_cast<double>(k)) * 3);
  Buffer x = f32({3, 2, 8}, v), pos = i32({3}, {5, 4095, 2000000}), y = zeros(DType::F32, {3, 2, 8});
  runOk(OpKind::Rope, {&x, &pos}, y, ropeParams(10000, 8));
  std::vector<float> out = y.values<float>();
  for (size_t k = 0; k < v.size(); k += 2) {
    double before = std::hypot(v[k], v[k + 1]), after = std::hypot(out[k], out[k + 1]);
    CHECK(after == Approx(before).epsilon(1e-6).margin(1e-6));
  }
  // Writing over x gives the same values (InPlaceSafe).
  runOk(OpKind::Rope, {&x, &pos}, x, ropeParams(10000, 8));
  CHECK(x.values<float>() == out);
}

TEST_CASE("rope refuses a negative position at run time", "[rope]") {
  Buffer x = f32({2, 1, 2}, {1, 2, 3, 4}), pos = i32({2}, {0, -1}), y = zeros(DType::F32, {2, 1, 2});
  CHECK(errorOf(runOp(OpKind::Rope, {&x, &pos}, y, ropeParams(10000, 2))) ==
        "rope: position -1 of token 1 is negative");
  // Nothing was written.
  CHECK(y.values<float>() == std::vector<float>(4, 0.0f));
}

TEST_CASE("rope check() failures", "[rope][check]") {
  auto F32 = DType::F32;
  auto x = shapeOnly(F32, {4, 2, 8}), pos = shapeOnly(DType::I32, {4});
  auto params = ropeParams(10000, 8);
  CHECK(errorOf(checkViews(OpKind::Rope, {x, pos}, x, params)).empty());
  CHECK(errorOf(checkViews(OpKind::Rope, {shapeOnly(F32, {4, 16}), pos}, shapeOnly(F32, {4, 16}),
                           params)) ==
        "rope: x must have rank 3 (tokens, heads, head dimension), got f32[4,16]");
  CHECK(errorOf(checkViews(OpKind::Rope, {x, shapeOnly(DType::I32, {3})}, x, params)) ==
        "rope: pos must be i32[4] (one position per token of x), got i32[3]");
  CHECK(errorOf(checkViews(OpKind::Rope, {x, shapeOnly(F32, {4})}, x, params)) ==
        "rope: pos must be i32[4] (one position per token of x), got f32[4]");
  CHECK_THAT(errorOf(checkViews(OpKind::Rope, {x, pos}, shapeOnly(DType::F64, {4, 2, 8}), params)),
             Contains("result f64[4,2,8] should have x's type f32[4,2,8]"));
  for (int64_t bad : {0, 3, 10, -2})
    CHECK(errorOf(checkViews(OpKind::Rope, {x, pos}, x, ropeParams(10000, bad))) ==
          "rope: rotary_dims must be even and in 2..8 (the head dimension), got " +
              std::to_string(bad));
  for (double bad : {0.0, -1.0, HUGE_VAL, std::nan("")})
    CHECK_THAT(errorOf(checkViews(OpKind::Rope, {x, pos}, x, ropeParams(bad, 8))),
               Contains("rope: freq_base must be a finite number > 0, got"));
  CHECK_THAT(errorOf(checkViews(OpKind::Rope, {x}, x, params)), Contains("rope"));
  CHECK_THAT(errorOf(checkViews(OpKind::Rope, {x, pos}, x, {doubleBits(10000)})), Contains("rope"));
}

TEST_CASE("rope_scaled divides each pair's angle by its factor", "[rope]") {
  // One head of dimension 6, rotary_dims 6, base 10000, position 5: pair i
  // turns by 5 · 10000^(-i/3) / factor_i.
  std::vector<double> v{0.5, -1.5, 2, 3, -4, 0.25};
  const std::vector<float> factors{1, 8, 2.5f};
  Buffer x = f64({1, 1, 6}, v), pos = i32({1}, {5}), f = f32({3}, factors);
  Buffer y = zeros(DType::F64, {1, 1, 6});
  runOk(OpKind::RopeScaled, {&x, &pos, &f}, y, ropeParams(10000, 6));
  std::vector<double> out = y.values<double>();
  for (int i = 0; i < 3; ++i) {
    const double angle = 5 * std::pow(10000.0, -i / 3.0) / double(factors[size_t(i)]);
    const double c = std::cos(angle), s = std::sin(angle);
    const double x0 = v[size_t(2 * i)], x1 = v[size_t(2 * i + 1)];
    CHECK(out[size_t(2 * i)] == Approx(x0 * c - x1 * s).epsilon(1e-14));
    CHECK(out[size_t(2 * i + 1)] == Approx(x0 * s + x1 * c).epsilon(1e-14));
  }
  // Factors of 1 are rope itself, bit for bit.
  Buffer ones = f32({3}, {1, 1, 1}), plain = zeros(DType::F64, {1, 1, 6});
  runOk(OpKind::RopeScaled, {&x, &pos, &ones}, y, ropeParams(10000, 6));
  runOk(OpKind::Rope, {&x, &pos}, plain, ropeParams(10000, 6));
  CHECK(y.values<double>() == plain.values<double>());
}

TEST_CASE("rope_scaled refuses factors that are not finite and positive", "[rope]") {
  Buffer x = f32({1, 1, 4}, {1, 2, 3, 4}), pos = i32({1}, {3}), y = zeros(DType::F32, {1, 1, 4});
  for (float bad : {0.0f, -2.0f, float(HUGE_VAL), std::nanf("")}) {
    Buffer f = f32({2}, {1, bad});
    CHECK_THAT(errorOf(runOp(OpKind::RopeScaled, {&x, &pos, &f}, y, ropeParams(10000, 4))),
               Contains("rope_scaled: factor 1 is"));
  }
  auto F32 = DType::F32;
  auto xs = shapeOnly(F32, {1, 1, 4}), ps = shapeOnly(DType::I32, {1});
  CHECK(errorOf(checkViews(OpKind::RopeScaled, {xs, ps, shapeOnly(F32, {3})}, xs,
                           ropeParams(10000, 4))) ==
        "rope_scaled: factors must be f32[2] (one per rotated pair), got f32[3]");
  CHECK(errorOf(checkViews(OpKind::RopeScaled, {xs, ps, shapeOnly(DType::F64, {2})}, xs,
                           ropeParams(10000, 4))) ==
        "rope_scaled: factors must be f32[2] (one per rotated pair), got f64[2]");
}
