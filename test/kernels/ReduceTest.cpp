// sum, mean, max and softmax against hand-computed and closed-form values.

#include "KernelTestSupport.h"

#include <cmath>
#include <limits>

using namespace thymos::rt;
using namespace thymos::rt::test;
using Catch::Matchers::Contains;

namespace {
/// x[i][j][k] = 100 i + 10 j + k over [2,3,4]: every partial sum has a closed form.
std::vector<double> ramp() {
  std::vector<double> v;
  for (int i = 0; i < 2; ++i)
    for (int j = 0; j < 3; ++j)
      for (int k = 0; k < 4; ++k)
        v.push_back(100 * i + 10 * j + k);
  return v;
}
} // namespace

TEST_CASE("sum and mean over any set of axes", "[reduce]") {
  Buffer x = f64({2, 3, 4}, ramp());
  SECTION("middle axis, dims dropped: sum_j = 3 (100 i + k) + 30") {
    Buffer y = zeros(DType::F64, {2, 4});
    runOk(OpKind::Sum, {&x}, y, {0b010});
    for (int i = 0; i < 2; ++i)
      for (int k = 0; k < 4; ++k)
        CHECK(y.values<double>()[i * 4 + k] == 3 * (100 * i + k) + 30);
  }
  SECTION("first and last axes, dims kept: mean = 50 + 10 j + 1.5") {
    Buffer y = zeros(DType::F64, {1, 3, 1});
    runOk(OpKind::Mean, {&x}, y, {0b101});
    CHECK(y.values<double>() == std::vector<double>{51.5, 61.5, 71.5});
  }
  SECTION("every axis gives a scalar: sum = 24·(50 + 10 + 1.5)") {
    Buffer y = zeros(DType::F64, {});
    runOk(OpKind::Sum, {&x}, y, {0b111});
    CHECK(y.values<double>()[0] == 24 * 61.5);
  }
  SECTION("f32 sums accumulate in double") {
    // 2^24 followed by 2^17 ones: an f32 running sum would stay at 2^24
    // (each +1 rounds away); the exact 2^24 + 2^17 is representable.
    std::vector<float> ones((1 << 17) + 1, 1.0f);
    ones[0] = 16777216.0f;
    Buffer big = f32({(1 << 17) + 1}, ones), y = zeros(DType::F32, {1});
    runOk(OpKind::Sum, {&big}, y, {1});
    CHECK(y.values<float>()[0] == 16777216.0f + 131072.0f);
  }
}

TEST_CASE("max over axes, with i32 and NaN", "[reduce]") {
  Buffer x = f32({2, 3}, {1, 5, -2, NAN, 0, 3}), y = zeros(DType::F32, {2});
  runOk(OpKind::Max, {&x}, y, {0b10});
  CHECK(y.values<float>()[0] == 5);
  CHECK(std::isnan(y.values<float>()[1]));
  Buffer xi = i32({2, 3}, {-7, -3, -9, 4, 8, 2}), yi = zeros(DType::I32, {1, 3});
  runOk(OpKind::Max, {&xi}, yi, {0b01});
  CHECK(yi.values<int32_t>() == std::vector<int32_t>{4, 8, 2});
  runOk(OpKind::Sum, {&xi}, yi, {0b01});
  CHECK(yi.values<int32_t>() == std::vector<int32_t>{-3, 5, -7});
}

TEST_CASE("softmax closed forms", "[reduce][softmax]") {
  SECTION("equal values give 1/n, even when huge") {
    Buffer x = f32({2, 4}, {1000, 1000, 1000, 1000, -7, -7, -7, -7}), y = zeros(DType::F32, {2, 4});
    runOk(OpKind::Softmax, {&x}, y, {1});
    for (float v : y.values<float>())
      CHECK(v == Approx(0.25).epsilon(1e-7));
  }
  SECTION("exponentials of logs are proportional to the values") {
    // softmax(ln 1, ln 2, ln 3) = (1, 2, 3) / 6
    Buffer x = f64({3}, {0, std::log(2.0), std::log(3.0)}), y = zeros(DType::F64, {3});
    runOk(OpKind::Softmax, {&x}, y, {0});
    CHECK(y.values<double>()[0] == Approx(1.0 / 6).epsilon(1e-15));
    CHECK(y.values<double>()[1] == Approx(2.0 / 6).epsilon(1e-15));
    CHECK(y.values<double>()[2] == Approx(3.0 / 6).epsilon(1e-15));
  }
  SECTION("along a leading axis") {
    // columns (0, ln 3) and (ln 4, 0): (1/4, 3/4) and (4/5, 1/5)
    Buffer x = f64({2, 2}, {0, std::log(4.0), std::log(3.0), 0}), y = zeros(DType::F64, {2, 2});
    runOk(OpKind::Softmax, {&x}, y, {0});
    std::vector<double> v = y.values<double>();
    CHECK(v[0] == Approx(0.25));
    CHECK(v[2] == Approx(0.75));
    CHECK(v[1] == Approx(0.8));
    CHECK(v[3] == Approx(0.2));
  }
}

TEST_CASE("reduce and softmax check() failures", "[reduce][check]") {
  auto F32 = DType::F32;
  CHECK_THAT(errorOf(checkViews(OpKind::Sum, {shapeOnly(F32, {2, 3})}, shapeOnly(F32, {2}), {0})),
             Contains("must name at least one dimension"));
  CHECK_THAT(errorOf(checkViews(OpKind::Sum, {shapeOnly(F32, {2, 3})}, shapeOnly(F32, {2}), {4})),
             Contains("axis mask 4"));
  CHECK_THAT(errorOf(checkViews(OpKind::Max, {shapeOnly(F32, {2, 3})}, shapeOnly(F32, {}), {-1})),
             Contains("axis mask -1"));
  CHECK(errorOf(checkViews(OpKind::Sum, {shapeOnly(F32, {2, 3})}, shapeOnly(F32, {3}), {2})) ==
        "sum: result shape [3] should be [2,1] (keeping the reduced dims) or [2]");
  CHECK_THAT(errorOf(checkViews(OpKind::Mean, {shapeOnly(DType::I32, {2})},
                                shapeOnly(DType::I32, {}), {1})),
             Contains("mean: operand has element type i32"));
  CHECK_THAT(errorOf(checkViews(OpKind::Sum, {shapeOnly(F32, {2})}, shapeOnly(F32, {}))),
             Contains("expected 1 params, got 0"));
  // Both accepted shapes pass.
  CHECK(checkViews(OpKind::Sum, {shapeOnly(F32, {2, 3})}, shapeOnly(F32, {2, 1}), {2}).ok());
  CHECK(checkViews(OpKind::Sum, {shapeOnly(F32, {2, 3})}, shapeOnly(F32, {2}), {2}).ok());

  CHECK(errorOf(checkViews(OpKind::Softmax, {shapeOnly(F32, {2, 3})}, shapeOnly(F32, {2, 3}),
                           {2})) == "softmax: axis 2 is out of range for rank 2");
  CHECK_THAT(errorOf(checkViews(OpKind::Softmax, {shapeOnly(F32, {})}, shapeOnly(F32, {}), {0})),
             Contains("rank >= 1"));
  CHECK_THAT(errorOf(checkViews(OpKind::Softmax, {shapeOnly(F32, {2, 3})},
                                shapeOnly(F32, {3, 2}), {0})),
             Contains("should have the operand's type"));
}
