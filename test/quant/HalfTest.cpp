// floatToHalf / halfToFloat: hand-checked bit patterns (ties, subnormals,
// overflow, NaN), every half through both directions, and random floats
// against the x86 F16C instructions where the CPU has them.

#include "runtime/quant/CpuFeatures.h"
#include "runtime/quant/Quant.h"

#include <catch2/catch.hpp>

#include <cmath>
#include <cstring>
#include <random>
#include <vector>

#if defined(__x86_64__)
#include <immintrin.h>
#endif

using namespace thymos::quant;

namespace {

uint32_t bitsOf(float x) {
  uint32_t b;
  std::memcpy(&b, &x, sizeof b);
  return b;
}

#if defined(__x86_64__)
// Through the vector forms: clang's scalar _cvtss_sh is a compound literal,
// which -Wpedantic rejects in C++.
__attribute__((target("f16c"))) uint16_t hardwareHalf(float x) {
  __m128i h = _mm_cvtps_ph(_mm_set_ss(x), _MM_FROUND_TO_NEAREST_INT);
  return static_cast<uint16_t>(_mm_extract_epi16(h, 0));
}
__attribute__((target("f16c"))) float hardwareFloat(uint16_t h) {
  return _mm_cvtss_f32(_mm_cvtph_ps(_mm_cvtsi32_si128(h)));
}
#endif

} // namespace

TEST_CASE("floatToHalf rounds known values to nearest even", "[quant][half]") {
  CHECK(floatToHalf(0.0f) == 0x0000);
  CHECK(floatToHalf(-0.0f) == 0x8000);
  CHECK(floatToHalf(1.0f) == 0x3c00);
  CHECK(floatToHalf(-2.0f) == 0xc000);
  CHECK(floatToHalf(0.1f) == 0x2e66);    // 0.0999755859375
  CHECK(floatToHalf(65504.0f) == 0x7bff); // the largest half
  CHECK(floatToHalf(65519.99f) == 0x7bff);
  CHECK(floatToHalf(65520.0f) == 0x7c00); // halfway to 2^16: ties to even = inf
  CHECK(floatToHalf(1e9f) == 0x7c00);
  CHECK(floatToHalf(-INFINITY) == 0xfc00);
  // 1 + 2^-11 is halfway between 1 and 1 + 2^-10: even is 1.
  CHECK(floatToHalf(1.0f + 0x1p-11f) == 0x3c00);
  // 1 + 3·2^-11 is halfway between 1 + 2^-10 and 1 + 2^-9: even is the latter.
  CHECK(floatToHalf(1.0f + 3 * 0x1p-11f) == 0x3c02);
  CHECK(floatToHalf(1.0f + 0x1p-11f + 0x1p-20f) == 0x3c01); // above halfway
  // Subnormals count units of 2^-24.
  CHECK(floatToHalf(0x1p-14f) == 0x0400); // smallest normal
  CHECK(floatToHalf(0x1p-24f) == 0x0001);
  CHECK(floatToHalf(0x1p-25f) == 0x0000);        // tie with 0 and 2^-24: even is 0
  CHECK(floatToHalf(1.5f * 0x1p-25f) == 0x0001); // above the tie
  CHECK(floatToHalf(3 * 0x1p-25f) == 0x0002);    // 1.5 units: tie, even is 2
  CHECK(floatToHalf(0x1p-14f - 0x1p-25f) == 0x0400); // rounds up into the normals
  CHECK(floatToHalf(1e-30f) == 0x0000);
  uint16_t nan = floatToHalf(std::nanf(""));
  CHECK((nan & 0x7c00) == 0x7c00);
  CHECK((nan & 0x03ff) != 0);
}

TEST_CASE("halfToFloat gives exact values", "[quant][half]") {
  CHECK(halfToFloat(0x3c00) == 1.0f);
  CHECK(halfToFloat(0xc000) == -2.0f);
  CHECK(halfToFloat(0x7bff) == 65504.0f);
  CHECK(halfToFloat(0x0001) == 0x1p-24f);
  CHECK(halfToFloat(0x03ff) == 1023 * 0x1p-24f);
  CHECK(halfToFloat(0x0400) == 0x1p-14f);
  CHECK(bitsOf(halfToFloat(0x8000)) == 0x80000000u);
  CHECK(halfToFloat(0x7c00) == INFINITY);
  CHECK(halfToFloat(0xfc00) == -INFINITY);
  CHECK(std::isnan(halfToFloat(0x7e00)));
}

TEST_CASE("every half survives float and back", "[quant][half]") {
  for (uint32_t h = 0; h < 0x10000; ++h) {
    auto half = static_cast<uint16_t>(h);
    float f = halfToFloat(half);
    if (std::isnan(f)) {
      CHECK((h & 0x7c00) == 0x7c00);
      CHECK(std::isnan(halfToFloat(floatToHalf(f))));
      continue;
    }
    INFO("half 0x" << std::hex << h);
    REQUIRE(floatToHalf(f) == half);
  }
}

#if defined(__x86_64__)
TEST_CASE("floatToHalf and halfToFloat agree with F16C", "[quant][half]") {
  if (!cpuHasF16c()) {
    WARN("no F16C on this CPU: nothing to compare with");
    return;
  }
  for (uint32_t h = 0; h < 0x10000; ++h) {
    float want = hardwareFloat(static_cast<uint16_t>(h)), got = halfToFloat(static_cast<uint16_t>(h));
    if (std::isnan(want))
      REQUIRE(std::isnan(got));
    else
      REQUIRE(bitsOf(got) == bitsOf(want));
  }
  // Random bit patterns cover every exponent; a few near-half magnitudes
  // make the subnormal and rounding paths common.
  std::mt19937 rng(7);
  for (int i = 0; i < 2000000; ++i) {
    uint32_t bits = rng();
    if (i % 2)
      bits = (bits & 0x83ffffffu) | (static_cast<uint32_t>(100 + i % 45) << 23);
    float x;
    std::memcpy(&x, &bits, sizeof x);
    if (std::isnan(x))
      continue;
    INFO("float bits 0x" << std::hex << bits);
    REQUIRE(floatToHalf(x) == hardwareHalf(x));
  }
}
#endif

TEST_CASE("row conversions give the scalar bits", "[quant][half]") {
  // Every half, then floats of every exponent with random mantissas, ties,
  // NaNs with payloads and infinities, in lengths off the vector width. A
  // NaN need only stay a NaN, as in the F16C test above.
  std::vector<uint16_t> halves(65536 + 5);
  for (size_t i = 0; i < halves.size(); ++i)
    halves[i] = static_cast<uint16_t>(i * 40503u);
  std::vector<float> floats(halves.size());
  halvesToFloats(halves.data(), floats.data(), static_cast<int64_t>(halves.size()));
  for (size_t i = 0; i < halves.size(); ++i) {
    INFO("half " << halves[i]);
    if (std::isnan(halfToFloat(halves[i])))
      REQUIRE(std::isnan(floats[i])); // F16C quiets a signaling NaN
    else
      REQUIRE(bitsOf(floats[i]) == bitsOf(halfToFloat(halves[i])));
  }

  std::mt19937 rng(3);
  std::vector<float> x;
  for (uint32_t exponent = 0; exponent < 256; ++exponent)
    for (int k = 0; k < 64; ++k) {
      uint32_t bits = (exponent << 23) | (rng() & 0x807fffffu);
      if (k == 0)
        bits = (exponent << 23) | 0x1000u; // the halfway point below a half's last bit
      float f;
      std::memcpy(&f, &bits, sizeof f);
      x.push_back(f);
    }
  x.resize(x.size() + 3, 65520.0f);
  std::vector<uint16_t> h(x.size());
  floatsToHalves(x.data(), h.data(), static_cast<int64_t>(x.size()));
  for (size_t i = 0; i < x.size(); ++i) {
    INFO("x bits " << bitsOf(x[i]));
    if (std::isnan(x[i]))
      REQUIRE((h[i] & 0x7c00) == 0x7c00);
    else
      REQUIRE(h[i] == floatToHalf(x[i]));
  }
}
