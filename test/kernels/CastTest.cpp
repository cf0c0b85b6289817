// cast and the hand-written f16/bf16 rounding, against known bit patterns.

#include "KernelTestSupport.h"
#include "runtime/cpu/Cast.h"

#include <climits>
#include <cmath>

using namespace thymos::rt;
using namespace thymos::rt::test;
using Catch::Matchers::Contains;

TEST_CASE("f16 rounding is nearest-even, with subnormals and overflow", "[cast]") {
  CHECK(roundToHalfBits(1.0) == 0x3c00);
  CHECK(roundToHalfBits(-2.0) == 0xc000);
  CHECK(roundToHalfBits(0.0) == 0x0000);
  CHECK(roundToHalfBits(-0.0) == 0x8000);
  CHECK(roundToHalfBits(65504.0) == 0x7bff);        // the largest finite half
  CHECK(roundToHalfBits(65519.0) == 0x7bff);        // below the midpoint to 2^16
  CHECK(roundToHalfBits(65520.0) == 0x7c00);        // the midpoint ties up to inf
  CHECK(roundToHalfBits(1e300) == 0x7c00);
  CHECK(roundToHalfBits(-HUGE_VAL) == 0xfc00);
  CHECK(roundToHalfBits(std::nan("")) == 0x7e00);
  // Ties between 1 and 1 + 2^-10 go to the even mantissa.
  CHECK(roundToHalfBits(1.0 + std::ldexp(1.0, -11)) == 0x3c00);
  CHECK(roundToHalfBits(1.0 + 3 * std::ldexp(1.0, -11)) == 0x3c02);
  // Just above a tie rounds up; rounding through f32 first would lose the
  // 2^-40 and tie down to 0x3c00.
  CHECK(roundToHalfBits(1.0 + std::ldexp(1.0, -11) + std::ldexp(1.0, -40)) == 0x3c01);
  CHECK(roundToHalfBits(std::ldexp(1.0, -24)) == 0x0001);       // smallest subnormal
  CHECK(roundToHalfBits(std::ldexp(1.0, -25)) == 0x0000);       // half of it: tie to 0
  CHECK(roundToHalfBits(std::ldexp(1.5, -25)) == 0x0001);
  CHECK(roundToHalfBits(std::ldexp(1023.0, -24)) == 0x03ff);    // largest subnormal
  CHECK(roundToHalfBits(std::ldexp(1023.5, -24)) == 0x0400);    // rounds into the normals
  CHECK(roundToHalfBits(0.1) == 0x2e66);
  CHECK(halfBitsValue(0x3555) == 0.333251953125);
  CHECK(halfBitsValue(0x0001) == std::ldexp(1.0, -24));
  CHECK(halfBitsValue(0xfbff) == -65504.0);
  CHECK(std::isinf(halfBitsValue(0x7c00)));
  CHECK(std::isnan(halfBitsValue(0x7e00)));
}

TEST_CASE("bf16 rounding is nearest-even", "[cast]") {
  CHECK(roundToBFloat16Bits(1.0) == 0x3f80);
  CHECK(roundToBFloat16Bits(3.14159265358979) == 0x4049);
  CHECK(roundToBFloat16Bits(1.0 + std::ldexp(1.0, -8)) == 0x3f80);      // tie, even
  CHECK(roundToBFloat16Bits(1.0 + 3 * std::ldexp(1.0, -8)) == 0x3f82);  // tie, even
  CHECK(roundToBFloat16Bits(-1e39) == 0xff80);                          // overflow
  CHECK(bfloat16BitsValue(0x4049) == 3.140625);
  CHECK(bfloat16BitsValue(0x0001) == std::ldexp(1.0, -133));
}

TEST_CASE("cast between plain types", "[cast]") {
  SECTION("float to int truncates toward zero and saturates") {
    Buffer x = f32({7}, {2.7f, -2.7f, 1e10f, -1e10f, NAN, INFINITY, -0.5f});
    Buffer y = zeros(DType::I32, {7});
    runOk(OpKind::Cast, {&x}, y);
    CHECK(y.values<int32_t>() == std::vector<int32_t>{2, -2, INT_MAX, INT_MIN, 0, INT_MAX, 0});
    Buffer y8 = zeros(DType::I8, {7});
    runOk(OpKind::Cast, {&x}, y8);
    CHECK(y8.values<int8_t>() == std::vector<int8_t>{2, -2, 127, -128, 0, 127, 0});
  }
  SECTION("i32 to i8 saturates, i8 to f64 is exact") {
    Buffer x = i32({4}, {300, -300, -5, 127}), y = zeros(DType::I8, {4});
    runOk(OpKind::Cast, {&x}, y);
    CHECK(y.values<int8_t>() == std::vector<int8_t>{127, -128, -5, 127});
    Buffer d = zeros(DType::F64, {4});
    runOk(OpKind::Cast, {&y}, d);
    CHECK(d.values<double>() == std::vector<double>{127, -128, -5, 127});
  }
  SECTION("f32 to f16 and back") {
    Buffer x = f32({3}, {1.0f, 0.1f, 65536.0f}), h = zeros(DType::F16, {3});
    runOk(OpKind::Cast, {&x}, h);
    CHECK(h.values<uint16_t>() == std::vector<uint16_t>{0x3c00, 0x2e66, 0x7c00});
    Buffer back = zeros(DType::F32, {3});
    runOk(OpKind::Cast, {&h}, back);
    CHECK(back.values<float>()[1] == 0.0999755859375f); // 0x2e66 exactly
    CHECK(std::isinf(back.values<float>()[2]));
  }
  SECTION("f64 to bf16 to i32") {
    Buffer x = f64({2}, {257.0, -3.5}), b = zeros(DType::BF16, {2});
    runOk(OpKind::Cast, {&x}, b);
    // 257 needs 9 significant bits; bf16 keeps 8 and the tie goes to 256.
    CHECK(b.values<uint16_t>() == std::vector<uint16_t>{0x4380, 0xc060});
    Buffer n = zeros(DType::I32, {2});
    runOk(OpKind::Cast, {&b}, n);
    CHECK(n.values<int32_t>() == std::vector<int32_t>{256, -3});
  }
  SECTION("same type copies") {
    Buffer x = i32({2}, {-1, 9}), y = zeros(DType::I32, {2});
    runOk(OpKind::Cast, {&x}, y);
    CHECK(y.values<int32_t>() == std::vector<int32_t>{-1, 9});
  }
}

TEST_CASE("cast check() failures", "[cast][check]") {
  CHECK_THAT(errorOf(checkViews(OpKind::Cast, {shapeOnly(DType::F32, {48})},
                                shapeOnly(DType::Q4_0, {48}))),
             Contains("cast: casting to or from a block-quantized type needs an innermost "
                      "dimension that is a multiple of 32"));
  CHECK(errorOf(checkViews(OpKind::Cast, {shapeOnly(DType::F32, {2, 3})},
                           shapeOnly(DType::F16, {3, 2}))) ==
        "cast: result shape [3,2] differs from the operand's [2,3]");
  TensorView bogus = shapeOnly(DType::F32, {2});
  bogus.dtype = static_cast<DType>(42);
  CHECK_THAT(errorOf(checkViews(OpKind::Cast, {bogus}, shapeOnly(DType::F32, {2}))),
             Contains("unknown element type"));
}
