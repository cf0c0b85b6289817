// matmul: a hand-computed product for the reference, then the fast path
// against the reference over many odd shapes, batch broadcasting and threads.

#include "KernelTestSupport.h"
#include "runtime/cpu/MatMul.h"
#include "runtime/cpu/ThreadPool.h"
#include "runtime/quant/Quant.h"

#include <cmath>
#include <limits>
#include <random>

using namespace thymos::rt;
using namespace thymos::rt::test;
using Catch::Matchers::Contains;

TEST_CASE("matmul of small hand-computed matrices", "[matmul]") {
  // [1 2 3; 4 5 6] · [7 8; 9 10; 11 12] = [58 64; 139 154]
  Buffer a = f32({2, 3}, {1, 2, 3, 4, 5, 6}), b = f32({3, 2}, {7, 8, 9, 10, 11, 12});
  Buffer c = zeros(DType::F32, {2, 2});
  runOk(OpKind::MatMul, {&a, &b}, c, {0});
  CHECK(c.values<float>() == std::vector<float>{58, 64, 139, 154});
  // The same product with b given transposed, [2,3].
  Buffer bt = f32({2, 3}, {7, 9, 11, 8, 10, 12});
  runOk(OpKind::MatMul, {&a, &bt}, c, {1});
  CHECK(c.values<float>() == std::vector<float>{58, 64, 139, 154});
  std::vector<float> ref(4);
  matmulReference(a.data<float>(), b.data<float>(), ref.data(), 2, 3, 2, false);
  CHECK(ref == std::vector<float>{58, 64, 139, 154});
}

namespace {

template <typename T> std::vector<T> randomValues(std::mt19937 &rng, int64_t n) {
  std::uniform_real_distribution<double> dist(-1.0, 1.0);
  std::vector<T> v(static_cast<size_t>(n));
  for (T &x : v)
    x = static_cast<T>(dist(rng));
  return v;
}

/// The blocked path with micro-kernel `isa` vs the reference for one shape.
/// Both sum k products in some order, each within k·u·sum_p |A[i][p]·B[p][j]|
/// of the exact sum (u the unit roundoff; fused multiply-adds only round
/// less), so they may differ by twice that. The result must not depend on
/// the thread count: one thread and three give the same bits.
template <typename T>
void compareShape(std::mt19937 &rng, int64_t m, int64_t k, int64_t n, bool transposeB,
                  ThreadPool &pool, MatMulIsa isa) {
  std::vector<T> a = randomValues<T>(rng, m * k), b = randomValues<T>(rng, k * n);
  std::vector<T> fast(static_cast<size_t>(m * n), T(-99)), threaded = fast;
  std::vector<T> ref(static_cast<size_t>(m * n));
  matmulFast(a.data(), b.data(), fast.data(), m, k, n, transposeB, nullptr, isa);
  matmulFast(a.data(), b.data(), threaded.data(), m, k, n, transposeB, &pool, isa);
  matmulReference(a.data(), b.data(), ref.data(), m, k, n, transposeB);
  const double u = std::numeric_limits<T>::epsilon() / 2;
  INFO("isa " << matmulIsaName(isa) << " m=" << m << " k=" << k << " n=" << n
              << " transpose_b=" << transposeB);
  int64_t outside = 0, differ = 0;
  for (int64_t i = 0; i < m; ++i)
    for (int64_t j = 0; j < n; ++j) {
      double magnitude = 0;
      for (int64_t p = 0; p < k; ++p)
        magnitude += std::abs(double(a[size_t(i * k + p)]) *
                              double(transposeB ? b[size_t(j * k + p)] : b[size_t(p * n + j)]));
      const size_t e = size_t(i * n + j);
      outside += std::abs(double(fast[e]) - double(ref[e])) > 2 * k * u * magnitude;
      differ += fast[e] != threaded[e];
    }
  CHECK(outside == 0);
  CHECK(differ == 0);
}

std::vector<MatMulIsa> supportedIsas() {
  std::vector<MatMulIsa> isas;
  for (MatMulIsa isa : {MatMulIsa::Portable, MatMulIsa::Avx2})
    if (matmulIsaSupported(isa))
      isas.push_back(isa);
  return isas;
}

} // namespace

// Every micro-kernel this CPU runs (the portable one included where AVX2 is
// present) over shapes that are not multiples of its tiles: m = 1..13 and
// m past a 96-row work item, k shallower and deeper than one 256-deep
// packed slice, n around a 16-column panel and a 64-column block.
TEST_CASE("matmul fast path matches the reference on odd shapes", "[matmul]") {
  std::mt19937 rng(1234);
  ThreadPool pool(3);
  for (MatMulIsa isa : supportedIsas()) {
    for (int64_t m = 1; m <= 13; ++m)
      for (int64_t k : {1, 7, 33, 256, 257, 513})
        for (int64_t n : {1, 9, 16, 17, 65, 130})
          for (bool tb : {false, true}) {
            compareShape<float>(rng, m, k, n, tb, pool, isa);
            if ((m + k + n) % 3 == 0)
              compareShape<double>(rng, m, k, n, tb, pool, isa);
          }
    compareShape<float>(rng, 97, 300, 131, false, pool, isa);
    compareShape<float>(rng, 197, 64, 67, true, pool, isa);
    compareShape<double>(rng, 61, 259, 67, true, pool, isa);
    compareShape<double>(rng, 101, 260, 33, false, pool, isa);
  }
}

// A shape the tests above do not reach: no inner dimension at all.
TEST_CASE("matmul fast path with k = 0 writes zeros", "[matmul]") {
  for (MatMulIsa isa : supportedIsas()) {
    std::vector<float> c(6, 5.0f);
    matmulFast(static_cast<const float *>(nullptr), nullptr, c.data(), 2, 0, 3, false, nullptr,
               isa);
    CHECK(c == std::vector<float>(6, 0.0f));
  }
}

namespace {

/// The kernel with batch broadcasting against per-matrix reference products:
/// lhs [2,1,m,k] and rhs [3,k,n] (or [3,n,k]) give [2,3,m,n].
template <typename T> void checkBatched(DType dtype, bool transposeB, ThreadPool *threads) {
  std::mt19937 rng(99);
  const int64_t m = 7, k = 5, n = 9;
  std::vector<T> av = randomValues<T>(rng, 2 * m * k), bv = randomValues<T>(rng, 3 * k * n);
  Buffer a = tensorOf(dtype, {2, 1, m, k}, av);
  Buffer b = tensorOf(dtype, transposeB ? std::vector<int64_t>{3, n, k} : std::vector<int64_t>{3, k, n}, bv);
  Buffer c = zeros(dtype, {2, 3, m, n});
  runOk(OpKind::MatMul, {&a, &b}, c, {transposeB ? 1 : 0}, threads);
  std::vector<T> got = c.values<T>(), ref(m * n);
  for (int i = 0; i < 2; ++i)
    for (int j = 0; j < 3; ++j) {
      matmulReference(av.data() + i * m * k, bv.data() + j * k * n, ref.data(), m, k, n,
                      transposeB);
      for (int64_t e = 0; e < m * n; ++e)
        CHECK(got[(i * 3 + j) * m * n + e] == Approx(ref[e]).margin(1e-5));
    }
}

} // namespace

TEST_CASE("matmul broadcasts batch dimensions", "[matmul]") {
  ThreadPool pool(2);
  checkBatched<float>(DType::F32, false, nullptr);
  checkBatched<float>(DType::F32, true, &pool);
  checkBatched<double>(DType::F64, true, nullptr);
  checkBatched<double>(DType::F64, false, &pool);
}

TEST_CASE("matmul check() failures", "[matmul][check]") {
  auto F32 = DType::F32;
  CHECK(errorOf(checkViews(OpKind::MatMul, {shapeOnly(F32, {2, 4}), shapeOnly(F32, {3, 5})},
                           shapeOnly(F32, {2, 5}), {0})) ==
        "matmul: inner dimensions differ (4 vs 3)");
  CHECK(errorOf(checkViews(OpKind::MatMul, {shapeOnly(F32, {2, 4}), shapeOnly(F32, {5, 3})},
                           shapeOnly(F32, {2, 5}), {1})) ==
        "matmul: inner dimensions differ (4 vs 3)");
  CHECK_THAT(errorOf(checkViews(OpKind::MatMul, {shapeOnly(F32, {4}), shapeOnly(F32, {4, 5})},
                                shapeOnly(F32, {5}), {0})),
             Contains("lhs must have rank >= 2"));
  CHECK_THAT(errorOf(checkViews(OpKind::MatMul,
                                {shapeOnly(F32, {2, 2, 4}), shapeOnly(F32, {3, 4, 5})},
                                shapeOnly(F32, {3, 2, 5}), {0})),
             Contains("batch dimensions [2] and [3] do not broadcast"));
  CHECK(errorOf(checkViews(OpKind::MatMul, {shapeOnly(F32, {2, 4}), shapeOnly(F32, {4, 5})},
                           shapeOnly(F32, {2, 4}), {0})) ==
        "matmul: result shape [2,4] should be [2,5]");
  CHECK_THAT(errorOf(checkViews(OpKind::MatMul, {shapeOnly(F32, {2, 4}), shapeOnly(F32, {4, 5})},
                                shapeOnly(F32, {2, 5}), {2})),
             Contains("transpose_b must be 0 or 1"));
  CHECK_THAT(errorOf(checkViews(OpKind::MatMul,
                                {shapeOnly(F32, {1, 32}), shapeOnly(DType::Q4_0, {8, 32})},
                                shapeOnly(F32, {1, 8}), {0})),
             Contains("a q4_0 rhs is stored as [n, k] rows of blocks: transpose_b must be 1"));
  CHECK_THAT(errorOf(checkViews(OpKind::MatMul,
                                {shapeOnly(F32, {2, 4}), shapeOnly(DType::F64, {4, 5})},
                                shapeOnly(F32, {2, 5}), {0})),
             Contains("element types differ"));
  CHECK_THAT(errorOf(checkViews(OpKind::MatMul,
                                {shapeOnly(DType::I32, {2, 4}), shapeOnly(DType::I32, {4, 5})},
                                shapeOnly(DType::I32, {2, 5}), {0})),
             Contains("does not support"));
}

// f32 activations times f16 weights stored as [n, k] rows, as ggml multiplies
// a GGUF F16 tensor: the reference rounds each activation to f16 (the
// rounding is checked on values exact in f16 and on one that is not) and
// sums in double; the kernel sums in f32, hence the tolerance.
TEST_CASE("matmul of f32 activations and f16 weight rows", "[matmul][f16]") {
  std::mt19937 rng(7);
  std::uniform_real_distribution<float> dist(-1.0f, 1.0f);
  const int64_t m = 3, k = 96, n = 130; // n not a multiple of the column block
  std::vector<float> a(static_cast<size_t>(m * k));
  std::vector<uint16_t> w(static_cast<size_t>(n * k));
  for (float &v : a)
    v = dist(rng);
  for (uint16_t &v : w)
    v = thymos::quant::floatToHalf(dist(rng));
  Buffer lhs = f32({m, k}, a), rhs = tensorOf(DType::F16, {n, k}, w);
  for (unsigned threadCount : {1u, 2u}) {
    ThreadPool pool(threadCount);
    Buffer out = zeros(DType::F32, {m, n});
    runOk(OpKind::MatMul, {&lhs, &rhs}, out, {1}, &pool);
    std::vector<float> c = out.values<float>();
    for (int64_t i = 0; i < m; ++i)
      for (int64_t j = 0; j < n; ++j) {
        double expected = 0;
        for (int64_t p = 0; p < k; ++p)
          expected += double(thymos::quant::halfToFloat(
                          thymos::quant::floatToHalf(a[size_t(i * k + p)]))) *
                      double(thymos::quant::halfToFloat(w[size_t(j * k + p)]));
        CHECK(std::abs(c[size_t(i * n + j)] - expected) <= 1e-5 * k);
      }
  }
  // 1 + 2^-12 is not an f16: rounded to 1 before the product.
  Buffer one = f32({1, 1}, {1.0f + 1.0f / 4096.0f});
  Buffer unit = tensorOf(DType::F16, {1, 1}, std::vector<uint16_t>{thymos::quant::floatToHalf(1.0f)});
  Buffer product = zeros(DType::F32, {1, 1});
  runOk(OpKind::MatMul, {&one, &unit}, product, {1});
  CHECK(product.values<float>()[0] == 1.0f);

  CHECK_THAT(errorOf(checkViews(OpKind::MatMul,
                                {shapeOnly(DType::F32, {1, 32}), shapeOnly(DType::F16, {32, 8})},
                                shapeOnly(DType::F32, {1, 8}), {0})),
             Contains("transpose_b must be 1"));
  CHECK_THAT(errorOf(checkViews(OpKind::MatMul,
                                {shapeOnly(DType::F32, {1, 40000}),
                                 shapeOnly(DType::F16, {8, 40000})},
                                shapeOnly(DType::F32, {1, 8}), {1})),
             Contains("above the 32768"));
}

// A few rows of f32 activations times f32 weight rows (transpose_b) take the
// streaming path of MatVec.cpp: against a double-precision product, over
// lengths that exercise its 32-, 8- and 1-element loops, at 1 and 2 threads
// (which split only matrices of 65536 weights or more).
TEST_CASE("matmul of a few rows by f32 weight rows streams the weights", "[matmul][matvec]") {
  std::mt19937 rng(11);
  std::uniform_real_distribution<float> dist(-1.0f, 1.0f);
  for (int64_t m : {1, 2, 4})
    for (int64_t k : {1, 7, 8, 31, 33, 100, 1000})
      for (int64_t n : {1, 5, 17, 40, 300}) { // 300 x 1000: threads share the rows
        std::vector<float> a(static_cast<size_t>(m * k)), w(static_cast<size_t>(n * k));
        for (float &v : a)
          v = dist(rng);
        for (float &v : w)
          v = dist(rng);
        Buffer lhs = f32({m, k}, a), rhs = f32({n, k}, w);
        for (unsigned threadCount : {1u, 2u}) {
          ThreadPool pool(threadCount);
          Buffer out = zeros(DType::F32, {m, n});
          runOk(OpKind::MatMul, {&lhs, &rhs}, out, {1}, &pool);
          std::vector<float> c = out.values<float>();
          for (int64_t i = 0; i < m; ++i)
            for (int64_t j = 0; j < n; ++j) {
              double expected = 0, magnitude = 0;
              for (int64_t p = 0; p < k; ++p) {
                double term = double(a[size_t(i * k + p)]) * double(w[size_t(j * k + p)]);
                expected += term;
                magnitude += std::abs(term);
              }
              INFO("m " << m << " k " << k << " n " << n << " threads " << threadCount);
              CHECK(std::abs(c[size_t(i * n + j)] - expected) <= 1e-6 * magnitude + 1e-30);
            }
        }
      }
}
