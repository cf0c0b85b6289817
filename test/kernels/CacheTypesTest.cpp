// Key/value caches of f16 and q8_0, written from f32 rows and read by
// attention. cache_write against closed forms (f16 bit patterns; ggml's
// reference Q8_0 block: scale amax / 127 in f16, each value rounded to the
// nearest multiple of it) computed here; attention over such a cache
// against the naive binary64 attention over the values the cache holds,
// decoded here from its bytes, and bit for bit against the f32 kernel given
// those same values.

#include "KernelTestSupport.h"

#include "runtime/cpu/KernelSupport.h"

#include <cmath>
#include <random>

using namespace thymos::rt;
using namespace thymos::rt::test;
using Catch::Matchers::Contains;

namespace {

/// A tensor of `dtype` holding `bytes` as they are.
Buffer raw(DType dtype, std::vector<int64_t> dims, const std::vector<unsigned char> &bytes) {
  Buffer b;
  b.view = shapeOnly(dtype, dims);
  b.storage.assign(bytes.size() / 8 + 1, 0);
  b.view.data = b.storage.data();
  std::memcpy(b.view.data, bytes.data(), bytes.size());
  return b;
}

std::vector<unsigned char> bytesOf(const Buffer &b, size_t n) {
  const auto *p = static_cast<const unsigned char *>(b.view.data);
  return std::vector<unsigned char>(p, p + n);
}

/// IEEE binary16 to double, from its fields.
double halfValue(uint16_t h) {
  const int sign = h >> 15, exponent = (h >> 10) & 31, mantissa = h & 1023;
  const double magnitude = exponent == 0 ? std::ldexp(mantissa, -24)
                                         : std::ldexp(1024 + mantissa, exponent - 25);
  return sign ? -magnitude : magnitude;
}

/// The values a cache of `type` holds, decoded from its bytes.
std::vector<double> decode(DType type, const std::vector<unsigned char> &bytes, size_t n) {
  std::vector<double> out(n);
  for (size_t i = 0; i < n; ++i) {
    if (type == DType::F16) {
      out[i] = halfValue(static_cast<uint16_t>(bytes[2 * i] | bytes[2 * i + 1] << 8));
    } else {
      const size_t block = i / 32 * 34;
      const double d = halfValue(static_cast<uint16_t>(bytes[block] | bytes[block + 1] << 8));
      out[i] = d * static_cast<signed char>(bytes[block + 2 + i % 32]);
    }
  }
  return out;
}

size_t cacheBytes(DType type, size_t elements) {
  return type == DType::F16 ? 2 * elements : elements / 32 * 34;
}

/// Writes `rows` [T, G, D] at position `pos` of a zeroed cache [C, G, D].
Buffer written(DType type, int64_t capacity, int64_t kvHeads, int64_t dim,
               const std::vector<float> &rows, int32_t pos) {
  const int64_t tokens = static_cast<int64_t>(rows.size()) / (kvHeads * dim);
  Buffer cache = raw(type, {capacity, kvHeads, dim},
                     std::vector<unsigned char>(cacheBytes(type, size_t(capacity * kvHeads * dim))));
  Buffer r = f32({tokens, kvHeads, dim}, rows);
  Buffer p = i32({}, {pos});
  Buffer out = raw(type, {capacity, kvHeads, dim},
                   std::vector<unsigned char>(cacheBytes(type, size_t(capacity * kvHeads * dim))));
  runOk(OpKind::CacheWrite, {&cache, &r, &p}, out);
  return out;
}

} // namespace

TEST_CASE("an f16 cache holds each f32 value rounded to the nearest half", "[cache][f16]") {
  const std::vector<float> rows = {1.0f, -2.5f, 0.1f, 65504.0f, 1e-7f, 3.14159265f, -0.0f, 2049.0f};
  Buffer cache = written(DType::F16, 3, 1, 8, rows, 1);
  const std::vector<unsigned char> bytes = bytesOf(cache, 3 * 8 * 2);
  auto half = [&](size_t i) {
    return static_cast<uint16_t>(bytes[16 + 2 * i] | bytes[16 + 2 * i + 1] << 8);
  };
  // The bit patterns, from the binary16 format: 0.1 rounds down to 0x2e66,
  // 1e-7 to the subnormal 2 * 2^-24, pi to 0x4248, 2049 (a tie) to even 2048.
  const uint16_t want[] = {0x3c00, 0xc100, 0x2e66, 0x7bff, 0x0002, 0x4248, 0x8000, 0x6800};
  for (size_t i = 0; i < 8; ++i) {
    INFO("element " << i);
    CHECK(half(i) == want[i]);
  }
  for (size_t i = 0; i < 16; ++i) // rows 0 and 2 untouched
    CHECK((bytes[i] | bytes[32 + i]) == 0);
}

TEST_CASE("a q8_0 cache holds ggml's reference blocks of each row", "[cache][q8_0]") {
  // Two key/value heads of 32: one block each; the second block's largest
  // magnitude is negative and its halves round away from zero.
  std::vector<float> rows(64);
  for (int i = 0; i < 32; ++i) {
    rows[size_t(i)] = 0.25f * float(i - 10);       // amax 5.25 at i = 31
    rows[size_t(32 + i)] = -1.27f + 0.04f * float(i); // amax 1.27 at i = 0
  }
  Buffer cache = written(DType::Q8_0, 2, 2, 32, rows, 1);
  const std::vector<unsigned char> bytes = bytesOf(cache, 4 * 34);
  for (int b = 0; b < 2; ++b) {
    const unsigned char *block = bytes.data() + (2 + b) * 34; // row 1
    const float amax = b == 0 ? 5.25f : 1.27f;
    const float d = amax / 127.0f;
    const uint16_t dBits = static_cast<uint16_t>(block[0] | block[1] << 8);
    CHECK(std::abs(halfValue(dBits) - d) <= d * 0x1p-11); // d stored as f16
    for (int i = 0; i < 32; ++i) {
      INFO("block " << b << ", element " << i);
      const long want = std::lround(double(rows[size_t(32 * b + i)] / d));
      CHECK(static_cast<signed char>(block[2 + i]) == want);
    }
  }
  for (int i = 0; i < 68; ++i)
    CHECK(bytes[size_t(i)] == 0); // row 0 untouched
}

TEST_CASE("attention over f16 and q8_0 caches reads the values they hold",
          "[attention][cache]") {
  const int64_t tokens = 3, heads = 8, kvHeads = 2, dim = 64, capacity = 40;
  const int32_t pos = 20;
  std::mt19937 rng(5);
  std::uniform_real_distribution<float> dist(-2, 2);
  auto randoms = [&](size_t n) {
    std::vector<float> v(n);
    for (float &x : v)
      x = dist(rng);
    return v;
  };
  const size_t cacheElements = size_t(capacity * kvHeads * dim);
  const std::vector<float> q = randoms(size_t(tokens * heads * dim));
  const std::vector<float> kRows = randoms(cacheElements), vRows = randoms(cacheElements);
  for (DType type : {DType::F16, DType::Q8_0}) {
    INFO(dtypeName(type));
    Buffer k = written(type, capacity, kvHeads, dim, kRows, 0);
    Buffer v = written(type, capacity, kvHeads, dim, vRows, 0);
    const std::vector<double> kHeld = decode(type, bytesOf(k, cacheBytes(type, cacheElements)),
                                             cacheElements);
    const std::vector<double> vHeld = decode(type, bytesOf(v, cacheBytes(type, cacheElements)),
                                             cacheElements);
    Buffer bq = f32({tokens, heads, dim}, q), p = i32({}, {pos});
    Buffer y = zeros(DType::F32, {tokens, heads, dim});
    runOk(OpKind::Attention, {&bq, &k, &v, &p}, y, {doubleBits(0.125)});
    const std::vector<float> got = y.values<float>();

    // The f32 kernel given the held values: the same loops, the same bits.
    Buffer kf = f32({capacity, kvHeads, dim}, std::vector<float>(kHeld.begin(), kHeld.end()));
    Buffer vf = f32({capacity, kvHeads, dim}, std::vector<float>(vHeld.begin(), vHeld.end()));
    Buffer yf = zeros(DType::F32, {tokens, heads, dim});
    runOk(OpKind::Attention, {&bq, &kf, &vf, &p}, yf, {doubleBits(0.125)});
    CHECK(yf.values<float>() == got);

    // And a naive binary64 attention over them.
    for (int64_t t = 0; t < tokens; ++t)
      for (int64_t h = 0; h < heads; ++h) {
        const int64_t g = h / (heads / kvHeads);
        std::vector<double> s;
        double top = -INFINITY;
        for (int64_t j = 0; j <= pos + t; ++j) {
          double dot = 0;
          for (int64_t d = 0; d < dim; ++d)
            dot += double(q[size_t((t * heads + h) * dim + d)]) *
                   kHeld[size_t((j * kvHeads + g) * dim + d)];
          s.push_back(0.125 * dot);
          top = std::max(top, s.back());
        }
        double sum = 0;
        for (double &x : s)
          sum += (x = std::exp(x - top));
        for (int64_t d = 0; d < dim; ++d) {
          double acc = 0;
          for (size_t j = 0; j < s.size(); ++j)
            acc += s[j] / sum * vHeld[(j * size_t(kvHeads) + size_t(g)) * size_t(dim) + size_t(d)];
          CHECK(std::abs(got[size_t((t * heads + h) * dim + d)] - acc) <= 1e-5);
        }
      }
  }
}

TEST_CASE("f16 and q8_0 caches: what the kernels refuse", "[cache][check]") {
  const TensorView pos = shapeOnly(DType::I32, {});
  auto write = [&](DType cache, DType rows, int64_t dim) {
    return errorOf(checkViews(OpKind::CacheWrite,
                              {shapeOnly(cache, {16, 2, dim}), shapeOnly(rows, {1, 2, dim}), pos},
                              shapeOnly(cache, {16, 2, dim}), {}));
  };
  CHECK(write(DType::F16, DType::F32, 8).empty());
  CHECK(write(DType::Q8_0, DType::F32, 32).empty());
  CHECK_THAT(write(DType::F16, DType::F16, 8), Contains("its element type (f32 for an f16 or "
                                                         "q8_0 cache)"));
  CHECK(write(DType::Q8_0, DType::F32, 16) ==
        "cache_write: a q8_0 cache's last dimension must be whole blocks of 32, got [16,2,16]");
  auto attend = [&](DType q, DType cache, int64_t dim) {
    return errorOf(checkViews(OpKind::Attention,
                              {shapeOnly(q, {1, 4, dim}), shapeOnly(cache, {16, 2, dim}),
                               shapeOnly(cache, {16, 2, dim}), pos},
                              shapeOnly(q, {1, 4, dim}), {doubleBits(0.5)}));
  };
  CHECK(attend(DType::F32, DType::F16, 8).empty());
  CHECK(attend(DType::F32, DType::Q8_0, 32).empty());
  CHECK_THAT(attend(DType::F64, DType::F16, 8), Contains("of q's element type (f16 or q8_0"));
  CHECK_THAT(attend(DType::F32, DType::Q8_0, 16), Contains("with whole blocks of 32"));
}
