// quantizeRow*/dequantizeRow*: blocks computed by hand from ggml's rules
// (byte for byte), and round trips within the formats' error bounds.

#include "runtime/quant/Quant.h"

#include <catch2/catch.hpp>

#include <cmath>
#include <random>
#include <vector>

using namespace thymos::quant;

namespace {

using Bytes = std::vector<uint8_t>;

Bytes quantize8(const std::vector<float> &x) {
  Bytes out(x.size() / 32 * kQ8_0BlockBytes);
  quantizeRowQ8_0(x.data(), out.data(), static_cast<int64_t>(x.size()));
  return out;
}

Bytes quantize4(const std::vector<float> &x) {
  Bytes out(x.size() / 32 * kQ4_0BlockBytes);
  quantizeRowQ4_0(x.data(), out.data(), static_cast<int64_t>(x.size()));
  return out;
}

/// A block of 32 zeros with some elements set.
std::vector<float> block(std::initializer_list<std::pair<int, float>> set) {
  std::vector<float> x(32, 0.0f);
  for (auto [i, v] : set)
    x[static_cast<size_t>(i)] = v;
  return x;
}

} // namespace

TEST_CASE("Q8_0 blocks by hand", "[quant]") {
  SECTION("d = 1: rounding halves away from zero") {
    // amax 127 -> d = 1 (fp16 0x3c00); q = round(x).
    Bytes want(34, 0x00);
    want[1] = 0x3c;
    const uint8_t q[] = {0x7f, 0x81, 0x40, 0xc0, 0x01, 0x01, 0xff, 0x03};
    std::copy(std::begin(q), std::end(q), want.begin() + 2);
    CHECK(quantize8(block({{0, 127}, {1, -127}, {2, 63.5f}, {3, -63.5f}, {4, 0.5f},
                           {5, 1.49f}, {6, -0.5f}, {7, 2.5f}})) == want);
  }
  SECTION("d = 2") {
    // amax 254 -> d = 2 (0x4000); q = round(x / 2): 127, -2 (-1.5), 2 (1.5),
    // 1 (0.5), -1 (-0.5), 0 (0.495), 3 (2.5), 50 (50.45).
    Bytes want(34, 0x00);
    want[1] = 0x40;
    const uint8_t q[] = {0x7f, 0xfe, 0x02, 0x01, 0xff, 0x00, 0x03, 0x32};
    std::copy(std::begin(q), std::end(q), want.begin() + 2);
    CHECK(quantize8(block({{0, 254}, {1, -3}, {2, 3}, {3, 1}, {4, -1}, {5, 0.99f}, {6, 5},
                           {7, 100.9f}})) == want);
  }
  SECTION("the scale is rounded to fp16") {
    // d = 1/127 = 2^-7 · 1.00787: mantissa 0.00787 · 1024 = 8.06 -> 8, so
    // the fp16 is (8 << 10) | 8 = 0x2008; q = round(1 · 127) = 127.
    Bytes want(34, 0x00);
    want[0] = 0x08;
    want[1] = 0x20;
    want[2] = 0x7f;
    CHECK(quantize8(block({{0, 1.0f}})) == want);
  }
  SECTION("all zeros") { CHECK(quantize8(block({})) == Bytes(34, 0x00)); }
}

TEST_CASE("Q4_0 blocks by hand", "[quant]") {
  SECTION("negative max: d = 1; low nibbles are elements 0..15") {
    // max = -8 (the first of -8 and 8) -> d = -8 / -8 = 1; q = min(15,
    // trunc(x + 8.5)): -8 -> 0, 8 -> 15 (16 clamped), 7 -> 15, 3.5 -> 12,
    // 0 -> 8, -4.25 -> 4, 0.49 -> 8, 7.6 -> 15 (16 clamped).
    // Byte j holds element j (low) and j + 16 (high).
    Bytes want(18, 0x88);
    want[0] = 0x00;
    want[1] = 0x3c;
    want[2] = 0x40;  // q0 = 0, q16 = 4
    want[3] = 0x8f;  // q1 = 15, q17 = 8
    want[4] = 0x8f;  // q2 = 15
    want[5] = 0x8c;  // q3 = 12
    want[17] = 0xf8; // q15 = 8, q31 = 15
    auto x = block({{0, -8}, {1, 8}, {2, 7}, {3, 3.5f}, {16, -4.25f}, {17, 0.49f}, {31, 7.6f}});
    CHECK(quantize4(x) == want);
    std::vector<float> back(32);
    dequantizeRowQ4_0(want.data(), back.data(), 32);
    CHECK(back[0] == -8);
    CHECK(back[1] == 7); // the clamped end: 8 comes back as 7
    CHECK(back[3] == 4);
    CHECK(back[16] == -4);
    CHECK(back[17] == 0);
    CHECK(back[31] == 7);
  }
  SECTION("positive max: d = -2") {
    // max = 16 -> d = -2 (fp16 0xc000), 1/d = -0.5: 16 -> 0, -16 -> 15
    // (16.5), 3 -> 7, -3 -> 10, 1 -> 8, -1 -> 9, 15 -> 1, -15 -> 15 (16).
    Bytes want(18, 0x88);
    want[0] = 0x00;
    want[1] = 0xc0;
    want[2] = 0x10; // q0 = 0, q16 = 1
    want[3] = 0x8f; // q1 = 15
    want[4] = 0x87; // q2 = 7
    want[5] = 0x8a; // q3 = 10
    want[6] = 0xf8; // q4 = 8, q20 = 15
    want[7] = 0x89; // q5 = 9
    auto x = block({{0, 16}, {1, -16}, {2, 3}, {3, -3}, {4, 1}, {5, -1}, {16, 15}, {20, -15}});
    CHECK(quantize4(x) == want);
  }
  SECTION("all zeros: d = 0 / -8 = -0 (fp16 0x8000), every q = 8") {
    Bytes want(18, 0x88);
    want[0] = 0x00;
    want[1] = 0x80;
    CHECK(quantize4(block({})) == want);
  }
}

TEST_CASE("Q8_0 dequantizes q · d", "[quant]") {
  Bytes b(34, 0x00);
  b[1] = 0x38; // 0.5
  b[2] = 0x80; // -128
  b[3] = 0x7f; // 127
  b[4] = 0x03;
  std::vector<float> y(32);
  dequantizeRowQ8_0(b.data(), y.data(), 32);
  CHECK(y[0] == -64.0f);
  CHECK(y[1] == 63.5f);
  CHECK(y[2] == 1.5f);
  CHECK(y[3] == 0.0f);
}

namespace {

/// Rows mixing scales: normal values, a few outliers, and blocks of constants.
std::vector<float> randomRow(std::mt19937 &rng, int64_t n) {
  std::normal_distribution<float> normal(0.0f, 1.0f);
  std::uniform_real_distribution<float> scale(-6.0f, 6.0f);
  std::vector<float> x(static_cast<size_t>(n));
  for (int64_t b = 0; b < n / 32; ++b) {
    float s = std::exp2(scale(rng));
    int kind = static_cast<int>(rng() % 8);
    for (int64_t j = 0; j < 32; ++j) {
      float v = kind == 0 ? s : normal(rng) * s; // kind 0: a constant block
      if (kind == 1 && j == 5)
        v = 40 * s; // an outlier
      x[static_cast<size_t>(b * 32 + j)] = v;
    }
  }
  return x;
}

} // namespace

// The bounds, per block, with d the f32 scale (before fp16 rounding) and d16
// the stored one. Rounding x/d to the integer q leaves |x/d - q| <= 1/2, and
// dequantizing with d16 instead of d adds |q| · |d - d16|:
//   Q8_0: |x - x'| <= |d|/2 + |q| |d - d16|                   (|q| <= 127)
//   Q4_0: q - 8 = floor(x/d + 1/2) except at the top, where x/d in (7.5, 8]
//         (x of opposite sign to max, |x| > 7.5 |d|) clamps to 7: error up to
//         |d|. So |x - x'| <= |d|/2 + |q - 8| |d - d16|, or |d| + 7 |d - d16|
//         when clamped; and the bound |d| is reached (x = -max).
// A relative slack of 1e-6 covers the f32 rounding of x · (1/d).
TEST_CASE("round trips stay within the formats' bounds", "[quant]") {
  std::mt19937 rng(2024);
  const int64_t n = 4096;
  for (int trial = 0; trial < 20; ++trial) {
    std::vector<float> x = randomRow(rng, n), y(static_cast<size_t>(n));
    Bytes q8 = quantize8(x);
    dequantizeRowQ8_0(q8.data(), y.data(), n);
    for (int64_t b = 0; b < n / 32; ++b) {
      float amax = 0;
      for (int j = 0; j < 32; ++j)
        amax = std::fmax(amax, std::fabs(x[b * 32 + j]));
      const double d = amax / 127.0f, d16 = halfToFloat(floatToHalf(amax / 127.0f));
      for (int j = 0; j < 32; ++j) {
        size_t i = static_cast<size_t>(b * 32 + j);
        double q = std::round(x[i] / d);
        double bound = d / 2 + std::fabs(q) * std::fabs(d - d16) + 1e-6 * amax;
        INFO("q8_0 trial " << trial << " element " << i << ": " << x[i] << " -> " << y[i]);
        REQUIRE(std::fabs(x[i] - y[i]) <= bound);
      }
    }
    Bytes q4 = quantize4(x);
    dequantizeRowQ4_0(q4.data(), y.data(), n);
    for (int64_t b = 0; b < n / 32; ++b) {
      float amax = 0, max = 0;
      for (int j = 0; j < 32; ++j)
        if (std::fabs(x[b * 32 + j]) > amax) {
          amax = std::fabs(x[b * 32 + j]);
          max = x[b * 32 + j];
        }
      const double d = max / -8.0f, d16 = halfToFloat(floatToHalf(max / -8.0f));
      for (int j = 0; j < 32; ++j) {
        size_t i = static_cast<size_t>(b * 32 + j);
        double t = x[i] / d;
        double bound = t > 7.5 ? std::fabs(d) + 7 * std::fabs(d - d16)
                               : std::fabs(d) / 2 + std::fabs(std::floor(t + 0.5)) *
                                                        std::fabs(d - d16);
        bound += 1e-6 * amax;
        INFO("q4_0 trial " << trial << " element " << i << ": " << x[i] << " -> " << y[i]);
        REQUIRE(std::fabs(x[i] - y[i]) <= bound);
      }
    }
  }
}

TEST_CASE("Q4_0's clamped end reaches the bound |d|", "[quant]") {
  // max = 8 -> d = -1: x = -8 is x/d = 8, clamped to q = 15, value 7 · -1.
  std::vector<float> x = block({{0, 8}, {1, -8}}), y(32);
  Bytes q = quantize4(x);
  dequantizeRowQ4_0(q.data(), y.data(), 32);
  CHECK(y[0] == 8);
  CHECK(y[1] == -7);
}

TEST_CASE("non-finite inputs quantize without undefined behaviour", "[quant]") {
  // ggml leaves these undefined; here NaN becomes 0 and inf saturates.
  std::vector<float> x = block({{0, NAN}, {1, 3}}), y(32);
  Bytes q8 = quantize8(x);
  dequantizeRowQ8_0(q8.data(), y.data(), 32);
  CHECK(y[0] == 0);
  CHECK(y[1] == Approx(3).epsilon(1e-3));
  x = block({{0, INFINITY}, {1, 3}});
  Bytes q4 = quantize4(x);
  CHECK(q4.size() == 18);
}

TEST_CASE("activations quantize to the same bits on every ISA", "[quant]") {
  // Blocks of every kind the vector code takes apart: ordinary values,
  // products landing exactly on halves (127 / amax = 1 with amax = 127),
  // zeros, NaN (never the maximum, and quantized to 0), infinities, and a
  // subnormal maximum whose multiplier overflows to infinity.
  std::mt19937 rng(7);
  std::uniform_real_distribution<float> uniform(-4.0f, 4.0f);
  std::vector<float> x;
  for (int b = 0; b < 64; ++b) {
    std::vector<float> v(32);
    for (float &e : v)
      e = uniform(rng);
    switch (b % 8) {
    case 1: v = block({{0, 127.0f}, {1, 2.5f}, {2, -3.5f}, {3, 0.5f}, {4, -126.5f}}); break;
    case 2: v.assign(32, 0.0f); break;
    case 3: v[static_cast<size_t>(b) % 32] = NAN; break;
    case 4: v[5] = INFINITY; v[9] = -INFINITY; break;
    case 5: v = block({{0, 1e-40f}, {1, -1e-40f}, {2, 5e-41f}}); break;
    case 6: v[0] = NAN; v[1] = 1e30f; v[2] = -1e30f; break;
    default: break;
    }
    x.insert(x.end(), v.begin(), v.end());
  }
  const int64_t n = static_cast<int64_t>(x.size());
  Bytes want(x.size() / 32 * kQ8_0BlockBytes), got(want.size());
  quantizeActivationsQ8_0(x.data(), want.data(), n, Isa::Scalar);
  for (Isa isa : {Isa::Avx2, Isa::Avx512Vnni, Isa::AvxVnni, Isa::Neon}) {
    if (!isaSupported(isa))
      continue;
    INFO(isaName(isa));
    std::fill(got.begin(), got.end(), uint8_t(0xaa));
    quantizeActivationsQ8_0(x.data(), got.data(), n, isa);
    for (size_t b = 0; b < want.size() / kQ8_0BlockBytes; ++b) {
      INFO("block " << b);
      CHECK(Bytes(want.begin() + b * kQ8_0BlockBytes, want.begin() + (b + 1) * kQ8_0BlockBytes) ==
            Bytes(got.begin() + b * kQ8_0BlockBytes, got.begin() + (b + 1) * kQ8_0BlockBytes));
    }
  }
}
