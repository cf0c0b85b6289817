// K-quants (Q4_K, Q5_K, Q6_K weights; Q8_K activations): dequantization of
// hand-built blocks against the documented formula, Q8_K's rounding rules
// by hand, bits and bytes equal to ggml's on the inputs of
// gen_kquant_golden.sh (KQuantGolden.inc), dot products against a double
// sum of the dequantized values, every ISA equal to the scalar bits, and the
// quantizer's error against ggml's reference quantizer.

#include "runtime/quant/KQuant.h"

#include <catch2/catch.hpp>

#include <cmath>
#include <cstring>
#include <limits>
#include <random>
#include <vector>

using namespace thymos::quant;

namespace {

#include "KQuantGolden.inc"

using Bytes = std::vector<uint8_t>;
constexpr KFormat kFormats[3] = {KFormat::Q4_K, KFormat::Q5_K, KFormat::Q6_K};

uint32_t bitsOf(float f) {
  uint32_t u;
  std::memcpy(&u, &f, sizeof u);
  return u;
}

uint64_t fnv(uint64_t h, const void *p, size_t n) {
  const auto *b = static_cast<const uint8_t *>(p);
  for (size_t i = 0; i < n; ++i) {
    h ^= b[i];
    h *= 0x100000001b3ULL;
  }
  return h;
}
constexpr uint64_t kFnvBasis = 0xcbf29ce484222325ULL;

void putHalf(uint8_t *at, uint16_t h) {
  at[0] = static_cast<uint8_t>(h);
  at[1] = static_cast<uint8_t>(h >> 8);
}

//===--- The input generator of gen_kquant_golden.sh, step for step -----===//

struct Lcg {
  uint32_t state;
  uint32_t next32() { return state = state * 1664525u + 1013904223u; }
  uint8_t next8() { return static_cast<uint8_t>(next32() >> 24); }
  float uniform() {
    return static_cast<float>(static_cast<int32_t>(next32() >> 8) - 8388608) *
           (1.0f / 8388608.0f);
  }
  uint16_t half() {
    unsigned hi = next8() & 0x0f, lo = next8(), sign = next8() & 1;
    return static_cast<uint16_t>(0x2000 | (hi << 8) | lo | (sign << 15));
  }
};

Bytes randomKBlocks(Lcg &rng, KFormat format, int count) {
  const size_t bytes = kBlockBytes(format);
  Bytes b(bytes * count);
  for (int i = 0; i < count; ++i) {
    uint8_t *block = &b[bytes * i];
    for (size_t j = 0; j < bytes; ++j)
      block[j] = rng.next8();
    if (format == KFormat::Q6_K) {
      putHalf(block + 208, rng.half());
      continue;
    }
    putHalf(block, rng.half());
    putHalf(block + 2, rng.half());
  }
  return b;
}

std::vector<float> randomActivations(Lcg &rng, int n) {
  std::vector<float> x(n);
  for (float &v : x)
    v = rng.uniform() * 3.0f;
  return x;
}

std::vector<float> testData(Lcg &rng, int set, int n) {
  std::vector<float> x(n);
  for (float &v : x) {
    float g = rng.uniform();
    g += rng.uniform();
    g += rng.uniform();
    g += rng.uniform();
    g *= 0.8660254f;
    if (set == 1) {
      float u = rng.uniform();
      g = g * (1.0f + 4.0f * (u * u) * (u * u));
    }
    v = g;
  }
  return x;
}

//===--- Helpers ---------------------------------------------------------===//

std::vector<float> dequantized(KFormat format, const Bytes &blocks, int64_t n) {
  std::vector<float> y(n);
  dequantizeRowK(format, blocks.data(), y.data(), n);
  return y;
}

Bytes quantizedActs(const std::vector<float> &x) {
  Bytes q(rowBytesQ8_K(static_cast<int64_t>(x.size())));
  quantizeActivationsQ8_K(x.data(), q.data(), static_cast<int64_t>(x.size()));
  return q;
}

float q8Scale(const Bytes &q, int64_t block) {
  float d;
  std::memcpy(&d, &q[block * kQ8_KBlockBytes], sizeof d);
  return d;
}
int q8Quant(const Bytes &q, int64_t e) {
  return static_cast<int8_t>(q[(e / 256) * kQ8_KBlockBytes + 4 + e % 256]);
}
int q8Sum(const Bytes &q, int64_t block, int g) {
  int16_t s;
  std::memcpy(&s, &q[block * kQ8_KBlockBytes + 260 + 2 * g], sizeof s);
  return s;
}

/// Relative RMS error of quantizing x to `format` and back.
double rmsError(KFormat format, const std::vector<float> &x, const float *importance = nullptr,
                const std::vector<float> *errorWeights = nullptr) {
  const auto n = static_cast<int64_t>(x.size());
  Bytes q(rowBytesK(format, n));
  quantizeRowK(format, x.data(), q.data(), n, importance);
  std::vector<float> y = dequantized(format, q, n);
  double err = 0, ref = 0;
  for (int64_t i = 0; i < n; ++i) {
    const double w = errorWeights ? (*errorWeights)[i] : 1.0;
    err += w * (double(x[i]) - y[i]) * (double(x[i]) - y[i]);
    ref += w * double(x[i]) * x[i];
  }
  return std::sqrt(err / ref);
}

} // namespace

//===--- Dequantization by the documented formula ------------------------===//

// Scales and mins chosen so that the 6-bit fields of sub-blocks 4..7 use
// both of their top bits; d = 0.5 and dmin = 0.25 keep every product exact.
constexpr int kScales[8] = {1, 2, 3, 4, 17, 33, 49, 63};
constexpr int kMins[8] = {5, 6, 7, 8, 20, 40, 60, 63};
// The 12 bytes worked out by hand from the layout in KQuant.h: bytes 0..3
// scale j | (scale j+4 >> 4) << 6, bytes 4..7 the same for mins, bytes 8..11
// (scale j+4 & 15) | (min j+4 & 15) << 4.
constexpr uint8_t kPackedScales[12] = {0x41, 0x82, 0xc3, 0xc4, 0x45, 0x86,
                                       0xc7, 0xc8, 0x41, 0x81, 0xc1, 0xff};

TEST_CASE("Q4_K dequantizes to d * scale * q - dmin * min", "[kquant]") {
  Bytes block(kQ4_KBlockBytes, 0);
  putHalf(&block[0], 0x3800); // 0.5
  putHalf(&block[2], 0x3400); // 0.25
  std::memcpy(&block[4], kPackedScales, 12);
  auto q = [](int e) { return (e * 7 + 3) % 16; };
  for (int e = 0; e < 256; ++e) // byte 32c + l: low nibble 64c + l, high 64c + 32 + l
    block[16 + 32 * (e / 64) + e % 32] |= static_cast<uint8_t>(q(e) << (e % 64 < 32 ? 0 : 4));
  std::vector<float> y = dequantized(KFormat::Q4_K, block, 256);
  for (int e = 0; e < 256; ++e) {
    const int s = e / 32;
    INFO("element " << e);
    REQUIRE(y[e] == 0.5f * kScales[s] * q(e) - 0.25f * kMins[s]);
  }
}

TEST_CASE("Q5_K dequantizes with the fifth bit of qh", "[kquant]") {
  Bytes block(kQ5_KBlockBytes, 0);
  putHalf(&block[0], 0x3800);
  putHalf(&block[2], 0x3400);
  std::memcpy(&block[4], kPackedScales, 12);
  auto q = [](int e) { return (e * 11 + 5) % 32; };
  for (int e = 0; e < 256; ++e) {
    block[48 + 32 * (e / 64) + e % 32] |=
        static_cast<uint8_t>((q(e) & 15) << (e % 64 < 32 ? 0 : 4));
    block[16 + e % 32] |= static_cast<uint8_t>((q(e) >> 4) << (e / 32)); // bit s of qh[l]
  }
  std::vector<float> y = dequantized(KFormat::Q5_K, block, 256);
  int withFifthBit = 0;
  for (int e = 0; e < 256; ++e) {
    const int s = e / 32;
    withFifthBit += q(e) >= 16;
    INFO("element " << e);
    REQUIRE(y[e] == 0.5f * kScales[s] * q(e) - 0.25f * kMins[s]);
  }
  REQUIRE(withFifthBit > 100); // every sub-block sets and clears its bit
}

TEST_CASE("Q6_K dequantizes to d * scale * (q - 32)", "[kquant]") {
  Bytes block(kQ6_KBlockBytes, 0);
  const int8_t scales[16] = {-128, -7, 1, 127, 3, -1, 64, -64, 5, 9, -33, 2, 100, -100, 11, 13};
  std::memcpy(&block[192], scales, 16);
  putHalf(&block[208], 0x3400); // 0.25
  auto q = [](int e) { return (e * 13 + 7) % 64; };
  for (int e = 0; e < 256; ++e) {
    // Quarter k of half h: ql[64h + l + 32 (k & 1)], low nibble for k < 2;
    // qh[32h + l] bits 2k, 2k+1.
    const int h = e / 128, k = (e % 128) / 32, l = e % 32;
    block[64 * h + l + 32 * (k & 1)] |= static_cast<uint8_t>((q(e) & 15) << (k < 2 ? 0 : 4));
    block[128 + 32 * h + l] |= static_cast<uint8_t>((q(e) >> 4) << (2 * k));
  }
  std::vector<float> y = dequantized(KFormat::Q6_K, block, 256);
  for (int e = 0; e < 256; ++e) {
    INFO("element " << e);
    REQUIRE(y[e] == 0.25f * scales[e / 16] * (q(e) - 32));
  }
}

TEST_CASE("K-quant dequantization gives ggml's bits", "[kquant][golden]") {
  const uint64_t hashes[3] = {kDequantQ4_KHash, kDequantQ5_KHash, kDequantQ6_KHash};
  const uint32_t *samples[3] = {kDequantQ4_KSample, kDequantQ5_KSample, kDequantQ6_KSample};
  for (int f = 0; f < 3; ++f) {
    INFO(kFormatName(kFormats[f]));
    Lcg rng{1000u + static_cast<uint32_t>(f)};
    Bytes blocks = randomKBlocks(rng, kFormats[f], 4);
    std::vector<float> y = dequantized(kFormats[f], blocks, 1024);
    for (int i = 0; i < 16; ++i)
      REQUIRE(bitsOf(y[i * 61 % 1024]) == samples[f][i]);
    REQUIRE(fnv(kFnvBasis, y.data(), y.size() * sizeof(float)) == hashes[f]);
  }
}

//===--- Q8_K activations ------------------------------------------------===//

TEST_CASE("Q8_K rounds halves to even and scales by -127 / max", "[kquant]") {
  // max = -127 first, so iscale = 1 and d = 1: q is x rounded.
  std::vector<float> x(256, 0.0f);
  const float in[] = {-127.0f, 2.5f, 3.5f, -2.5f, -3.5f, 0.5f, -0.5f, 1.5f, 126.5f, 127.0f};
  const int want[] = {-127, 2, 4, -2, -4, 0, 0, 2, 126, 127};
  std::copy(std::begin(in), std::end(in), x.begin());
  x[20] = -20.25f; // group 1
  Bytes q = quantizedActs(x);
  REQUIRE(q8Scale(q, 0) == 1.0f);
  for (int i = 0; i < 10; ++i) {
    INFO("x = " << in[i]);
    REQUIRE(q8Quant(q, i) == want[i]);
  }
  REQUIRE(q8Quant(q, 20) == -20);
  REQUIRE(q8Sum(q, 0, 0) == -127 + 2 + 4 - 2 - 4 + 2 + 126 + 127);
  REQUIRE(q8Sum(q, 0, 1) == -20);
  for (int g = 2; g < 16; ++g)
    REQUIRE(q8Sum(q, 0, g) == 0);
}

TEST_CASE("Q8_K takes the sign of the first largest element", "[kquant]") {
  // max = 2 (positive, first of the two of magnitude 2): iscale = -63.5.
  std::vector<float> x(256, 0.0f);
  x[0] = 1.0f;  // -63.5 -> -64 (even)
  x[1] = 2.0f;  // -127
  x[2] = -2.0f; // +127: an element as large, of the other sign, stays at the cap
  x[3] = 0.5f;  // -31.75 -> -32
  x[255] = -1.5f; // 95.25 -> 95
  Bytes q = quantizedActs(x);
  REQUIRE(q8Scale(q, 0) == 1.0f / (-127.0f / 2.0f));
  REQUIRE(q8Quant(q, 0) == -64);
  REQUIRE(q8Quant(q, 1) == -127);
  REQUIRE(q8Quant(q, 2) == 127);
  REQUIRE(q8Quant(q, 3) == -32);
  REQUIRE(q8Quant(q, 255) == 95);
  REQUIRE(q8Sum(q, 0, 0) == -64 - 127 + 127 - 32);
  REQUIRE(q8Sum(q, 0, 15) == 95);
}

TEST_CASE("Q8_K of an all-zero block is all zero", "[kquant]") {
  std::vector<float> x(512, 0.0f);
  x[300] = 4.0f; // the second block is not
  Bytes q = quantizedActs(x);
  for (size_t i = 0; i < kQ8_KBlockBytes; ++i) // d, quants and sums
    REQUIRE(q[i] == 0);
  REQUIRE(q8Scale(q, 1) == 1.0f / (-127.0f / 4.0f));
  REQUIRE(q8Quant(q, 300) == -127);
}

TEST_CASE("Q8_K activations are ggml's bytes", "[kquant][golden]") {
  Lcg rng{77u};
  std::vector<float> x = randomActivations(rng, 4 * 256);
  const float halfway[12] = {-127.0f, 2.5f,   3.5f,    -2.5f,  -3.5f,  0.5f,
                             -0.5f,   1.5f,   126.5f,  -126.5f, 127.0f, 0.49999997f};
  for (int i = 0; i < 256; ++i)
    x.push_back(i < 12 ? halfway[i] : static_cast<float>(i % 7) - 3.0f);
  x.resize(6 * 256, 0.0f);
  Bytes q = quantizedActs(x);
  REQUIRE(fnv(kFnvBasis, q.data(), q.size()) == kQ8_KHash);
}

TEST_CASE("Q8_K activations are the same bytes on every ISA", "[kquant]") {
  // Random blocks, then blocks with halfway products, ties for the largest
  // magnitude of either sign, zeros, subnormals, infinities and NaNs.
  Lcg rng{31u};
  std::vector<float> x = randomActivations(rng, 8 * 256);
  const float inf = std::numeric_limits<float>::infinity();
  const float nan = std::numeric_limits<float>::quiet_NaN();
  const float specials[][4] = {{-127.0f, 126.5f, -2.5f, 0.5f},
                               {3.0f, -3.0f, 3.0f, 1.5f},
                               {-0.0f, 0.0f, 0.0f, 0.0f},
                               {1e-40f, -2e-40f, 1e-45f, 0.0f},
                               {inf, 1.0f, -2.0f, 0.0f},
                               {nan, 1.0f, -inf, 2.0f},
                               {nan, nan, nan, nan},
                               {1.0f, nan, 0.25f, -1.0f}};
  for (const auto &block : specials)
    for (int i = 0; i < 256; ++i)
      x.push_back(block[i % 4] * (i < 4 ? 1.0f : 0.5f));
  const auto n = static_cast<int64_t>(x.size());
  Bytes scalar(rowBytesQ8_K(n));
  quantizeActivationsQ8_K(x.data(), scalar.data(), n, Isa::Scalar);
  for (Isa isa : {Isa::Avx2, Isa::Avx512Vnni, Isa::AvxVnni, Isa::Neon}) {
    if (!isaSupported(isa))
      continue;
    Bytes q(rowBytesQ8_K(n), 0xaa);
    quantizeActivationsQ8_K(x.data(), q.data(), n, isa);
    for (int64_t b = 0; b < n / 256; ++b) {
      INFO(isaName(isa) << ", block " << b);
      REQUIRE(std::memcmp(&q[b * kQ8_KBlockBytes], &scalar[b * kQ8_KBlockBytes],
                          kQ8_KBlockBytes) == 0);
    }
  }
}

//===--- Dot products ----------------------------------------------------===//

TEST_CASE("K-quant dot products are ggml's bits", "[kquant][golden]") {
  const uint32_t *golden[3] = {kDotQ4_K, kDotQ5_K, kDotQ6_K};
  for (int f = 0; f < 3; ++f)
    for (int t = 0; t < 4; ++t) {
      Lcg rng{5000u + 10u * static_cast<uint32_t>(f) + static_cast<uint32_t>(t)};
      Bytes w = randomKBlocks(rng, kFormats[f], 8);
      Bytes a = quantizedActs(randomActivations(rng, 8 * 256));
      for (Isa isa : {Isa::Scalar, Isa::Avx2, Isa::Avx512Vnni, Isa::AvxVnni, Isa::Neon}) {
        if (isa != Isa::Scalar && !isaSupported(isa))
          continue;
        INFO(kFormatName(kFormats[f]) << " dot " << t << " on " << isaName(isa));
        REQUIRE(bitsOf(dotKQ8_K(kFormats[f], w.data(), a.data(), 8 * 256, isa)) ==
                golden[f][t]);
      }
    }
}

TEST_CASE("K-quant dot products match a double sum of the dequantized values", "[kquant]") {
  std::mt19937 rng(11);
  std::normal_distribution<float> normal(0.0f, 1.0f);
  for (KFormat format : kFormats)
    for (int64_t n : {256, 512, 1280, 4096}) {
      std::vector<float> x(n), act(n);
      for (int64_t i = 0; i < n; ++i) {
        x[i] = normal(rng);
        act[i] = normal(rng) * (i % 5 == 0 ? 4.0f : 1.0f);
      }
      Bytes w(rowBytesK(format, n));
      quantizeRowK(format, x.data(), w.data(), n);
      Bytes a = quantizedActs(act);
      std::vector<float> wf = dequantized(format, w, n);
      double ref = 0, magnitude = 0;
      for (int64_t i = 0; i < n; ++i) {
        const double ai = double(q8Scale(a, i / 256)) * q8Quant(a, i);
        ref += double(wf[i]) * ai;
        magnitude += std::fabs(double(wf[i]) * ai);
      }
      INFO(kFormatName(format) << " n = " << n);
      const float got = dotKQ8_K(format, w.data(), a.data(), n, Isa::Scalar);
      REQUIRE(std::fabs(got - ref) <= 2e-6 * magnitude);
    }
}

TEST_CASE("K-quant tiles equal the lone dot products on every ISA", "[kquant]") {
  // 7 activation rows: the prefill micro-kernels' groups of 4 and a rest of
  // 3; 13 weight rows: their pairs and a rest of 1.
  constexpr int64_t n = 1024, rows = 13, actRows = 7;
  std::mt19937 rng(5);
  std::normal_distribution<float> normal(0.0f, 1.0f);
  std::vector<float> act(actRows * n);
  for (float &v : act)
    v = normal(rng);
  Bytes a = quantizedActs(act);
  for (KFormat format : kFormats) {
    // Random bytes with sane scales, including the extremes of every field.
    Lcg lcg{static_cast<uint32_t>(format) + 99u};
    Bytes w = randomKBlocks(lcg, format, rows * n / 256);
    const size_t rowBytes = rowBytesK(format, n);
    std::memset(&w[0] + (format == KFormat::Q6_K ? 0 : 4), 0xff, 140); // all-ones fields
    std::vector<float> scalar(actRows * rows);
    dotTileKQ8_K(format, w.data(), rowBytes, rows, a.data(), rowBytesQ8_K(n), actRows, n,
                 scalar.data(), rows, Isa::Scalar);
    for (Isa isa : {Isa::Scalar, Isa::Avx2, Isa::Avx512Vnni, Isa::AvxVnni, Isa::Neon}) {
      if (isa != Isa::Scalar && !isaSupported(isa))
        continue;
      std::vector<float> out(actRows * rows, -1.0f);
      dotTileKQ8_K(format, w.data(), rowBytes, rows, a.data(), rowBytesQ8_K(n), actRows, n,
                   out.data(), rows, isa);
      for (int64_t i = 0; i < actRows; ++i)
        for (int64_t r = 0; r < rows; ++r) {
          INFO(kFormatName(format) << " on " << isaName(isa) << " row " << r << " act " << i);
          const float one = dotKQ8_K(format, &w[r * rowBytes], &a[i * rowBytesQ8_K(n)], n, isa);
          REQUIRE(bitsOf(out[i * rows + r]) == bitsOf(one));
          REQUIRE(bitsOf(out[i * rows + r]) == bitsOf(scalar[i * rows + r]));
        }
    }
  }
}

TEST_CASE("Q4_K rows packed four at a time give the row-major bits on every ISA",
          "[kquant]") {
  // 1..3 activation rows take the packed decode kernel where there is one,
  // 5 the unpacked prefill path; n up to the packing's largest.
  std::mt19937 rng(17);
  std::normal_distribution<float> normal(0.0f, 1.0f);
  for (int64_t n : {int64_t(256), int64_t(1024), kRows4MaxK})
    for (int64_t actRows : {1, 2, 3, 5}) {
      constexpr int64_t rows = 12;
      std::vector<float> act(static_cast<size_t>(actRows * n));
      for (float &v : act)
        v = normal(rng);
      Bytes a = quantizedActs(act);
      Lcg lcg{static_cast<uint32_t>(n + actRows)};
      Bytes w = randomKBlocks(lcg, KFormat::Q4_K, rows * n / 256);
      const size_t rowBytes = rowBytesK(KFormat::Q4_K, n);
      Bytes packed(w.size());
      packQ4_KRows4(w.data(), rows, n, packed.data());
      std::vector<float> want(static_cast<size_t>(actRows * rows));
      dotTileKQ8_K(KFormat::Q4_K, w.data(), rowBytes, rows, a.data(), rowBytesQ8_K(n), actRows,
                   n, want.data(), rows, Isa::Scalar);
      for (Isa isa : {Isa::Scalar, Isa::Avx2, Isa::Avx512Vnni, Isa::AvxVnni, Isa::Neon}) {
        if (isa != Isa::Scalar && !isaSupported(isa))
          continue;
        std::vector<float> got(want.size(), -1.0f);
        dotTileQ4_KRows4(packed.data(), rows / 4, a.data(), rowBytesQ8_K(n), actRows, n,
                         got.data(), rows, isa);
        for (size_t i = 0; i < got.size(); ++i) {
          INFO(isaName(isa) << ", n " << n << ", " << actRows << " activation rows, output "
                            << i);
          REQUIRE(bitsOf(got[i]) == bitsOf(want[i]));
        }
      }
    }
}

//===--- Quantization ----------------------------------------------------===//

TEST_CASE("K-quant round trips are as close as ggml's reference quantizer", "[kquant]") {
  const double *golden[3] = {kRmsErrorQ4_K, kRmsErrorQ5_K, kRmsErrorQ6_K};
  for (int set = 0; set < 2; ++set) {
    Lcg rng{9000u + static_cast<uint32_t>(set)};
    std::vector<float> x = testData(rng, set, 32768);
    double errors[3];
    for (int f = 0; f < 3; ++f) {
      errors[f] = rmsError(kFormats[f], x);
      INFO(kFormatName(kFormats[f]) << " set " << set << ": " << errors[f] << " vs ggml "
                                    << golden[f][set]);
      CHECK(errors[f] <= 1.02 * golden[f][set]);
      CHECK(errors[f] >= 0.5 * golden[f][set]); // a sanity bound: quantization loses bits
    }
    CHECK(errors[2] < errors[1]);
    CHECK(errors[1] < errors[0]);
  }
}

TEST_CASE("K-quant quantization follows importance weights", "[kquant]") {
  std::mt19937 rng(3);
  std::normal_distribution<float> normal(0.0f, 1.0f);
  constexpr int64_t n = 8192;
  std::vector<float> x(n), importance(n);
  for (int64_t i = 0; i < n; ++i) {
    x[i] = normal(rng);
    importance[i] = i % 7 == 0 ? 50.0f : 1.0f; // a few elements matter much more
  }
  for (KFormat format : kFormats) {
    const double plain = rmsError(format, x, nullptr, &importance);
    const double weighted = rmsError(format, x, importance.data(), &importance);
    INFO(kFormatName(format) << ": " << weighted << " with importance, " << plain
                             << " without");
    CHECK(weighted < 0.95 * plain);
  }
}

TEST_CASE("K-quant quantization of zeros and constants", "[kquant]") {
  for (KFormat format : kFormats) {
    INFO(kFormatName(format));
    std::vector<float> zeros(512, 0.0f);
    Bytes q(rowBytesK(format, 512));
    quantizeRowK(format, zeros.data(), q.data(), 512);
    for (float v : dequantized(format, q, 512))
      REQUIRE(v == 0.0f);
    std::vector<float> constant(256, -0.75f);
    REQUIRE(rmsError(format, constant) < 1e-3);
  }
}
