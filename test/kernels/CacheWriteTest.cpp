// cache_write: rows pos .. pos+T-1 of the result are the new rows, every other
// row is the cache's. Copying (result in its own buffer) and in place (result
// at the cache's bytes, a state updated in place): there only the T rows may
// be written, which the last case enforces with read-only pages around them.

#include "KernelTestSupport.h"

#include <sys/mman.h>
#include <unistd.h>

#include <cmath>

using namespace thymos::rt;
using namespace thymos::rt::test;
using Catch::Matchers::Contains;

namespace {

/// A cache [C, W] whose element (c, w) is 100·c + w, rows [T, W] of -(1 + k).
template <typename T> std::vector<T> cacheValues(int64_t rows, int64_t width) {
  std::vector<T> v(static_cast<size_t>(rows * width));
  for (int64_t c = 0; c < rows; ++c)
    for (int64_t w = 0; w < width; ++w)
      v[static_cast<size_t>(c * width + w)] = static_cast<T>(100 * c + w);
  return v;
}
template <typename T> std::vector<T> newRows(int64_t rows, int64_t width) {
  std::vector<T> v(static_cast<size_t>(rows * width));
  for (size_t k = 0; k < v.size(); ++k)
    v[k] = static_cast<T>(-1.0 - static_cast<double>(k));
  return v;
}

/// What the result must be: `cache` with rows pos .. pos+T-1 replaced.
template <typename T>
std::vector<T> expected(std::vector<T> cache, const std::vector<T> &rows, int64_t width,
                        int32_t pos) {
  for (size_t k = 0; k < rows.size(); ++k)
    cache[static_cast<size_t>(pos * width) + k] = rows[k];
  return cache;
}

} // namespace

TEST_CASE("cache_write copies the cache and replaces rows pos .. pos+T-1", "[cache_write]") {
  // f32 [6, 2, 3] with 2 new rows, at the first, a middle and the last place.
  for (int32_t pos : {0, 2, 4}) {
    INFO("pos " << pos);
    std::vector<float> c = cacheValues<float>(6, 6), r = newRows<float>(2, 6);
    Buffer cache = f32({6, 2, 3}, c), rows = f32({2, 2, 3}, r), p = i32({}, {pos});
    Buffer y = zeros(DType::F32, {6, 2, 3});
    runOk(OpKind::CacheWrite, {&cache, &rows, &p}, y);
    CHECK(y.values<float>() == expected(c, r, 6, pos));
    // The inputs are untouched.
    CHECK(cache.values<float>() == c);
    CHECK(rows.values<float>() == r);
  }
  SECTION("f64, one row, a rank-2 cache") {
    std::vector<double> c = cacheValues<double>(5, 4), r = {0.5, -0.25, 1e300, -0.0};
    Buffer cache = f64({5, 4}, c), rows = f64({1, 4}, r), p = i32({}, {3});
    Buffer y = zeros(DType::F64, {5, 4});
    runOk(OpKind::CacheWrite, {&cache, &rows, &p}, y);
    CHECK(y.values<double>() == expected(c, r, 4, 3));
  }
  SECTION("as many rows as the cache has") {
    std::vector<float> c = cacheValues<float>(3, 2), r = newRows<float>(3, 2);
    Buffer cache = f32({3, 2}, c), rows = f32({3, 2}, r), p = i32({}, {0});
    Buffer y = zeros(DType::F32, {3, 2});
    runOk(OpKind::CacheWrite, {&cache, &rows, &p}, y);
    CHECK(y.values<float>() == r);
  }
}

TEST_CASE("cache_write in place writes the new rows and nothing else", "[cache_write]") {
  // Sentinel rows stay, the new ones land at pos, and writing again at other
  // positions accumulates as a KV cache does from one decode step to the next.
  const float sentinel = -12345.5f;
  Buffer cache = f32({8, 2, 4}, std::vector<float>(64, sentinel));
  std::vector<float> want(64, sentinel);
  const std::pair<int32_t, int64_t> writes[] = {{0, 3}, {3, 1}, {7, 1}, {4, 2}};
  float next = 1;
  for (auto [pos, count] : writes) {
    INFO("pos " << pos << ", " << count << " rows");
    std::vector<float> r(static_cast<size_t>(count * 8));
    for (float &x : r)
      x = next++;
    Buffer rows = f32({count, 2, 4}, r), p = i32({}, {pos});
    runOk(OpKind::CacheWrite, {&cache, &rows, &p}, cache);
    std::copy(r.begin(), r.end(), want.begin() + pos * 8);
    CHECK(cache.values<float>() == want);
  }
  // Row 6 was never written.
  for (int k = 48; k < 56; ++k)
    CHECK(cache.values<float>()[static_cast<size_t>(k)] == sentinel);
}

TEST_CASE("cache_write in place touches no byte outside the T rows", "[cache_write]") {
  // One row is one page: every page but the one at pos is read-only, so a
  // write anywhere else (a copy of the whole cache onto itself, a row off by
  // one) faults instead of passing unnoticed.
  const long page = sysconf(_SC_PAGESIZE);
  REQUIRE(page >= 64);
  const int64_t width = page / 4, capacity = 4;
  const size_t bytes = static_cast<size_t>(page) * capacity;
  void *mapped = mmap(nullptr, bytes, PROT_READ | PROT_WRITE, MAP_PRIVATE | MAP_ANONYMOUS, -1, 0);
  REQUIRE(mapped != MAP_FAILED);
  auto *data = static_cast<float *>(mapped);
  for (int64_t k = 0; k < capacity * width; ++k)
    data[k] = 7.0f;
  const int32_t pos = 2;
  auto *base = static_cast<unsigned char *>(mapped);
  REQUIRE(mprotect(base, static_cast<size_t>(page) * pos, PROT_READ) == 0);
  REQUIRE(mprotect(base + page * (pos + 1), static_cast<size_t>(page) * (capacity - pos - 1),
                   PROT_READ) == 0);

  TensorView cache = shapeOnly(DType::F32, {capacity, width});
  cache.data = mapped;
  Buffer rows = f32({1, width}, std::vector<float>(static_cast<size_t>(width), -3.0f));
  Buffer p = i32({}, {pos});
  TensorView inputs[] = {cache, rows.view, p.view};
  KernelCall call{inputs, 3, &cache, nullptr, 0};
  const CpuKernel *kernel = findCpuKernel(OpKind::CacheWrite);
  REQUIRE(kernel->check(call).ok());
  REQUIRE(kernel->run(call, nullptr).ok());
  for (int64_t k = 0; k < capacity * width; ++k)
    if (data[k] != (k / width == pos ? -3.0f : 7.0f))
      FAIL("element " << k << " is " << data[k]);
  munmap(mapped, bytes);
}

TEST_CASE("cache_write refuses rows outside the cache before writing", "[cache_write]") {
  std::vector<float> c = cacheValues<float>(4, 2);
  Buffer rows = f32({2, 2}, {1, 2, 3, 4});
  const std::pair<int32_t, std::string> bad[] = {
      {-1, "cache_write: rows -1 .. 0 lie outside the cache's 4 rows (positions 0 .. 3)"},
      {3, "cache_write: rows 3 .. 4 lie outside the cache's 4 rows (positions 0 .. 3)"},
      {4, "cache_write: rows 4 .. 5 lie outside the cache's 4 rows (positions 0 .. 3)"},
      {INT32_MAX, "cache_write: rows 2147483647 .. 2147483648 lie outside the cache's 4 rows "
                  "(positions 0 .. 3)"},
      {INT32_MIN, "cache_write: rows -2147483648 .. -2147483647 lie outside the cache's 4 "
                  "rows (positions 0 .. 3)"},
  };
  for (const auto &[pos, message] : bad) {
    INFO("pos " << pos);
    Buffer p = i32({}, {pos});
    // Copying: the result stays zero. In place: the cache keeps its values.
    Buffer cache = f32({4, 2}, c), y = zeros(DType::F32, {4, 2});
    CHECK(errorOf(runOp(OpKind::CacheWrite, {&cache, &rows, &p}, y)) == message);
    CHECK(y.values<float>() == std::vector<float>(8, 0.0f));
    CHECK(errorOf(runOp(OpKind::CacheWrite, {&cache, &rows, &p}, cache)) == message);
    CHECK(cache.values<float>() == c);
  }
  // The last rows that fit are accepted.
  Buffer cache = f32({4, 2}, c), p = i32({}, {2});
  runOk(OpKind::CacheWrite, {&cache, &rows, &p}, cache);
  CHECK(cache.values<float>() == expected(c, {1, 2, 3, 4}, 2, 2));
}

TEST_CASE("cache_write check() failures", "[cache_write][check]") {
  auto F32 = DType::F32;
  auto cache = shapeOnly(F32, {16, 2, 8}), rows = shapeOnly(F32, {3, 2, 8});
  auto pos = shapeOnly(DType::I32, {});
  auto check = [&](std::vector<TensorView> in, const TensorView &out,
                   std::vector<int64_t> params = {}) {
    return errorOf(checkViews(OpKind::CacheWrite, in, out, params));
  };
  CHECK(check({cache, rows, pos}, cache).empty());
  CHECK(check({cache, cache, pos}, cache).empty()); // T == C
  CHECK(check({shapeOnly(DType::F64, {4}), shapeOnly(DType::F64, {1}), pos},
              shapeOnly(DType::F64, {4}))
            .empty());

  CHECK(check({cache, rows}, cache) == "cache_write: expected 3 inputs, got 2");
  CHECK(check({cache, rows, pos}, cache, {0}) == "cache_write: expected 0 params, got 1");
  CHECK(check({cache, shapeOnly(F32, {0, 2, 8}), pos}, cache) ==
        "cache_write: input #1 [0,2,8] has dimension 0 of size 0, expected > 0");
  CHECK(check({shapeOnly(DType::I32, {16, 2}), shapeOnly(DType::I32, {1, 2}), pos},
              shapeOnly(DType::I32, {16, 2})) ==
        "cache_write: cache has element type i32, which this kernel does not support");
  CHECK_THAT(check({shapeOnly(DType::F16, {16, 2}), shapeOnly(DType::F16, {1, 2}), pos},
                   shapeOnly(DType::F16, {16, 2})),
             Contains("its element type (f32 for an f16 or q8_0 cache)"));
  // A q8_0 cache is written from f32 rows (CacheTypesTest.cpp), not q8_0 ones.
  CHECK_THAT(check({shapeOnly(DType::Q8_0, {16, 32}), shapeOnly(DType::Q8_0, {1, 32}), pos},
                   shapeOnly(DType::Q8_0, {16, 32})),
             Contains("its element type (f32 for an f16 or q8_0 cache)"));
  CHECK(check({shapeOnly(F32, {}), shapeOnly(F32, {}), pos}, shapeOnly(F32, {})) ==
        "cache_write: cache must have rank >= 1, got a scalar");

  const std::string rowsMust = " must have the trailing dimensions of cache f32[16,2,8], at most "
                               "its rows, and its element type (f32 for an f16 or q8_0 cache)";
  CHECK(check({cache, shapeOnly(DType::F64, {3, 2, 8}), pos}, cache) ==
        "cache_write: rows f64[3,2,8]" + rowsMust);
  CHECK(check({cache, shapeOnly(F32, {3, 16}), pos}, cache) ==
        "cache_write: rows f32[3,16]" + rowsMust);
  CHECK(check({cache, shapeOnly(F32, {3, 2, 8, 1}), pos}, cache) ==
        "cache_write: rows f32[3,2,8,1]" + rowsMust);
  CHECK(check({cache, shapeOnly(F32, {3, 1, 8}), pos}, cache) ==
        "cache_write: rows f32[3,1,8]" + rowsMust);
  CHECK(check({cache, shapeOnly(F32, {3, 2, 9}), pos}, cache) ==
        "cache_write: rows f32[3,2,9]" + rowsMust);
  CHECK(check({cache, shapeOnly(F32, {17, 2, 8}), pos}, cache) ==
        "cache_write: rows f32[17,2,8]" + rowsMust);

  CHECK(check({cache, rows, shapeOnly(DType::I32, {1})}, cache) ==
        "cache_write: pos must be a scalar i32[], got i32[1]");
  CHECK(check({cache, rows, shapeOnly(F32, {})}, cache) ==
        "cache_write: pos must be a scalar i32[], got f32[]");

  CHECK(check({cache, rows, pos}, shapeOnly(DType::F64, {16, 2, 8})) ==
        "cache_write: result f64[16,2,8] should have cache's type f32[16,2,8]");
  CHECK(check({cache, rows, pos}, shapeOnly(F32, {16, 16})) ==
        "cache_write: result f32[16,16] should have cache's type f32[16,2,8]");
  CHECK(check({cache, rows, pos}, shapeOnly(F32, {15, 2, 8})) ==
        "cache_write: result f32[15,2,8] should have cache's type f32[16,2,8]");
}
