// The CPU kernels on quantized and 16-bit types: matmul with Q8_0/Q4_0
// weights against a double-precision product of the dequantized operands,
// cast to and from the block formats, gather from a quantized table, and
// matmul/softmax on f16 and bf16; plus the check() failures.

#include "../kernels/KernelTestSupport.h"
#include "runtime/cpu/MatMul.h"
#include "runtime/cpu/SmallFloat.h"
#include "runtime/cpu/ThreadPool.h"
#include "runtime/quant/Quant.h"

#include <cmath>
#include <random>

using namespace thymos::rt;
using namespace thymos::rt::test;
namespace quant = thymos::quant;
using Catch::Matchers::Contains;

namespace {

/// A zeroed tensor of any dtype, sized by its storage bytes (whole blocks).
Buffer blocksOf(DType dtype, std::vector<int64_t> dims) {
  Buffer b;
  b.view = shapeOnly(dtype, dims);
  uint64_t bytes = 0;
  REQUIRE(storageBytes(dtype, b.view.dims, b.view.rank, bytes));
  b.storage.assign(bytes / 8 + 1, 0);
  b.view.data = b.storage.data();
  return b;
}

std::vector<float> randomFloats(std::mt19937 &rng, int64_t n) {
  std::normal_distribution<float> dist(0.0f, 1.0f);
  std::vector<float> v(static_cast<size_t>(n));
  for (float &x : v)
    x = dist(rng);
  return v;
}

/// Weights [batch, n, k] quantized row by row from `values`.
Buffer quantizedWeights(DType dtype, std::vector<int64_t> dims, const std::vector<float> &values) {
  Buffer w = blocksOf(dtype, dims);
  if (dtype == DType::Q8_0)
    quant::quantizeRowQ8_0(values.data(), w.view.data, static_cast<int64_t>(values.size()));
  else
    quant::quantizeRowQ4_0(values.data(), w.view.data, static_cast<int64_t>(values.size()));
  return w;
}

std::vector<float> dequantized(const Buffer &b) {
  std::vector<float> out(static_cast<size_t>(b.view.numElements()));
  auto n = static_cast<int64_t>(out.size());
  if (b.view.dtype == DType::Q8_0)
    quant::dequantizeRowQ8_0(b.view.data, out.data(), n);
  else
    quant::dequantizeRowQ4_0(b.view.data, out.data(), n);
  return out;
}

/// A = [m,k] f32 times W = [n,k] quantized (transpose_b), against the double
/// product of dequantized W and of A as quantized to Q8_0 (what the kernel
/// multiplies): only the f32 additions differ, far below 1e-4 of the sum of
/// |terms|. Also within a few percent of the unquantized f32 activations.
void checkQuantMatMul(DType dtype, int64_t m, int64_t k, int64_t n, ThreadPool *threads) {
  INFO(dtypeKindName(dtype) << " m " << m << " k " << k << " n " << n);
  std::mt19937 rng(static_cast<unsigned>(m * 31 + k * 7 + n));
  std::vector<float> av = randomFloats(rng, m * k), wv = randomFloats(rng, n * k);
  Buffer a = f32({m, k}, av), w = quantizedWeights(dtype, {n, k}, wv);
  Buffer c = zeros(DType::F32, {m, n});
  runOk(OpKind::MatMul, {&a, &w}, c, {1}, threads);
  std::vector<float> wd = dequantized(w), aq(static_cast<size_t>(m * k));
  std::vector<uint8_t> rowBlocks(quant::rowBytesQ8_0(k));
  for (int64_t i = 0; i < m; ++i) {
    quant::quantizeRowQ8_0(&av[i * k], rowBlocks.data(), k);
    quant::dequantizeRowQ8_0(rowBlocks.data(), &aq[i * k], k);
  }
  std::vector<float> got = c.values<float>();
  for (int64_t i = 0; i < m; ++i)
    for (int64_t j = 0; j < n; ++j) {
      double exact = 0, magnitude = 0, unquantized = 0, norm = 0;
      for (int64_t p = 0; p < k; ++p) {
        exact += double(aq[i * k + p]) * wd[j * k + p];
        magnitude += std::fabs(double(aq[i * k + p]) * wd[j * k + p]);
        unquantized += double(av[i * k + p]) * wd[j * k + p];
        norm += double(av[i * k + p]) * av[i * k + p];
      }
      float value = got[i * n + j];
      INFO("c[" << i << "][" << j << "] = " << value << ", exact " << exact);
      REQUIRE(std::fabs(value - exact) <= 1e-4 * magnitude);
      // Q8_0 activations: |error| per element <= amax/254; summed against
      // the weights this stays well within 5% of sqrt(k)·|a|·max|w|.
      REQUIRE(std::fabs(value - unquantized) <= 0.05 * std::sqrt(norm) * 8);
    }
}

} // namespace

TEST_CASE("matmul with Q8_0/Q4_0 weights matches the dequantized product", "[quant][matmul]") {
  ThreadPool pool(3);
  for (DType dtype : {DType::Q8_0, DType::Q4_0}) {
    checkQuantMatMul(dtype, 1, 32, 1, nullptr);
    checkQuantMatMul(dtype, 1, 256, 37, &pool);  // matvec, n not a multiple of 16
    checkQuantMatMul(dtype, 6, 96, 20, nullptr); // groups of 4 and 2 rows
    checkQuantMatMul(dtype, 9, 160, 48, &pool);
  }
  // k = 4096: 30 activation rows fit the stack buffer, so 70 rows take three
  // chunks.
  checkQuantMatMul(DType::Q4_0, 70, 4096, 40, &pool);
}

TEST_CASE("matmul with quantized weights broadcasts batches", "[quant][matmul]") {
  // lhs [2,3,64] times one weight matrix [1,5,64]: both batches use it.
  std::mt19937 rng(3);
  std::vector<float> av = randomFloats(rng, 2 * 3 * 64), wv = randomFloats(rng, 2 * 5 * 64);
  Buffer a = f32({2, 3, 64}, av), w = quantizedWeights(DType::Q8_0, {2, 5, 64}, wv);
  Buffer c = zeros(DType::F32, {2, 3, 5});
  runOk(OpKind::MatMul, {&a, &w}, c, {1});
  // Batch b must equal the 2-D product with weight matrix b.
  for (int64_t b = 0; b < 2; ++b) {
    std::vector<float> ab(av.begin() + b * 192, av.begin() + (b + 1) * 192);
    Buffer a2 = f32({3, 64}, ab), c2 = zeros(DType::F32, {3, 5});
    Buffer w2 = blocksOf(DType::Q8_0, {5, 64});
    std::memcpy(w2.view.data, w.data<uint8_t>() + b * 5 * 68, 5 * 68);
    runOk(OpKind::MatMul, {&a2, &w2}, c2, {1});
    std::vector<float> all = c.values<float>(), one = c2.values<float>();
    CHECK(std::vector<float>(all.begin() + b * 15, all.begin() + (b + 1) * 15) == one);
  }
}

TEST_CASE("matmul with quantized weights rejects what it cannot run", "[quant][matmul]") {
  auto q4 = shapeOnly(DType::Q4_0, {8, 64}), a = shapeOnly(DType::F32, {2, 64});
  auto c = shapeOnly(DType::F32, {2, 8});
  CHECK_THAT(errorOf(checkViews(OpKind::MatMul, {a, q4}, c, {0})),
             Contains("transpose_b must be 1"));
  CHECK_THAT(errorOf(checkViews(OpKind::MatMul, {shapeOnly(DType::F64, {2, 64}), q4}, c, {1})),
             Contains("needs an f32 lhs"));
  CHECK_THAT(errorOf(checkViews(OpKind::MatMul, {a, q4}, shapeOnly(DType::F16, {2, 8}), {1})),
             Contains("needs an f32 lhs and result"));
  CHECK_THAT(errorOf(checkViews(OpKind::MatMul,
                                {shapeOnly(DType::F32, {2, 48}), shapeOnly(DType::Q8_0, {8, 48})},
                                c, {1})),
             Contains("not whole blocks of 32"));
  int64_t big = (kQuantMatMulMaxK / 32 + 1) * 32;
  CHECK_THAT(errorOf(checkViews(OpKind::MatMul,
                                {shapeOnly(DType::F32, {1, big}), shapeOnly(DType::Q8_0, {2, big})},
                                shapeOnly(DType::F32, {1, 2}), {1})),
             Contains("a quantized matmul supports"));
  CHECK(checkViews(OpKind::MatMul, {a, q4}, c, {1}).ok());
}

TEST_CASE("cast quantizes and dequantizes block by block", "[quant][cast]") {
  std::mt19937 rng(8);
  std::vector<float> x = randomFloats(rng, 3 * 64);
  Buffer xf = f32({3, 64}, x);
  for (DType dtype : {DType::Q8_0, DType::Q4_0}) {
    INFO(dtypeKindName(dtype));
    Buffer q = blocksOf(dtype, {3, 64}), back = zeros(DType::F32, {3, 64});
    runOk(OpKind::Cast, {&xf}, q);
    CHECK(q.storage == quantizedWeights(dtype, {3, 64}, x).storage);
    runOk(OpKind::Cast, {&q}, back);
    CHECK(back.values<float>() == dequantized(q));
    // Through f64: the values are rounded to f32 first, so the blocks match.
    std::vector<double> xd(x.begin(), x.end());
    Buffer x64 = f64({3, 64}, xd), q64 = blocksOf(dtype, {3, 64});
    runOk(OpKind::Cast, {&x64}, q64);
    CHECK(q64.storage == q.storage);
    Buffer back64 = zeros(DType::F64, {3, 64});
    runOk(OpKind::Cast, {&q}, back64);
    std::vector<float> want = dequantized(q);
    CHECK(back64.values<double>() == std::vector<double>(want.begin(), want.end()));
  }
  // q8_0 -> q4_0 requantizes the dequantized values.
  Buffer q8 = quantizedWeights(DType::Q8_0, {3, 64}, x), q4 = blocksOf(DType::Q4_0, {3, 64});
  runOk(OpKind::Cast, {&q8}, q4);
  CHECK(q4.storage == quantizedWeights(DType::Q4_0, {3, 64}, dequantized(q8)).storage);
  // A copy keeps the bytes.
  Buffer same = blocksOf(DType::Q8_0, {3, 64});
  runOk(OpKind::Cast, {&q8}, same);
  CHECK(same.storage == q8.storage);
  CHECK_THAT(errorOf(checkViews(OpKind::Cast, {shapeOnly(DType::F32, {4, 48})},
                                shapeOnly(DType::Q8_0, {4, 48}))),
             Contains("multiple of 32"));
}

TEST_CASE("gather dequantizes the rows it picks from a quantized table", "[quant][gather]") {
  std::mt19937 rng(4);
  std::vector<float> table = randomFloats(rng, 10 * 64);
  for (DType dtype : {DType::Q8_0, DType::Q4_0}) {
    INFO(dtypeKindName(dtype));
    Buffer t = quantizedWeights(dtype, {10, 64}, table);
    Buffer ids = i32({2, 2}, {9, 0, 3, 9}), out = zeros(DType::F32, {2, 2, 64});
    runOk(OpKind::Gather, {&t, &ids}, out, {0});
    std::vector<float> all = dequantized(t), got = out.values<float>();
    const int rows[] = {9, 0, 3, 9};
    for (int j = 0; j < 4; ++j)
      CHECK(std::vector<float>(got.begin() + j * 64, got.begin() + (j + 1) * 64) ==
            std::vector<float>(all.begin() + rows[j] * 64, all.begin() + (rows[j] + 1) * 64));
    Buffer bad = i32({1}, {10}), out1 = zeros(DType::F32, {1, 64});
    CHECK_THAT(errorOf(runOp(OpKind::Gather, {&t, &bad}, out1, {0})), Contains("out of range"));
  }
  auto t = shapeOnly(DType::Q8_0, {10, 64}), ids = shapeOnly(DType::I32, {2});
  CHECK_THAT(errorOf(checkViews(OpKind::Gather, {t, ids}, shapeOnly(DType::Q8_0, {2, 64}), {0})),
             Contains("gives f32"));
  CHECK_THAT(errorOf(checkViews(OpKind::Gather, {t, ids}, shapeOnly(DType::F32, {10, 2}), {1})),
             Contains("axis 0"));
}

namespace {

Buffer halfTensor(DType dtype, std::vector<int64_t> dims, const std::vector<float> &values) {
  Buffer b = zeros(dtype, dims);
  for (size_t i = 0; i < values.size(); ++i)
    storeFloatAsHalf(b.data<uint16_t>(), static_cast<int64_t>(i), dtype == DType::BF16,
                     values[i]);
  return b;
}

std::vector<double> halfValues(const Buffer &b) {
  std::vector<double> out(static_cast<size_t>(b.view.numElements()));
  for (size_t i = 0; i < out.size(); ++i)
    out[i] = loadHalfAsFloat(b.view.as<uint16_t>(), static_cast<int64_t>(i),
                             b.view.dtype == DType::BF16);
  return out;
}

} // namespace

TEST_CASE("matmul and softmax on f16 and bf16 round the f32 result once", "[quant][half]") {
  // Hand check: [1 2; 3 4] · [0.5 0.25; 1 2] = [2.5 4.25; 5.5 8.75], exact in both.
  for (DType dtype : {DType::F16, DType::BF16}) {
    INFO(dtypeKindName(dtype));
    Buffer a = halfTensor(dtype, {2, 2}, {1, 2, 3, 4}), b = halfTensor(dtype, {2, 2}, {0.5f, 0.25f, 1, 2});
    Buffer c = zeros(dtype, {2, 2});
    runOk(OpKind::MatMul, {&a, &b}, c, {0});
    CHECK(halfValues(c) == std::vector<double>{2.5, 4.25, 5.5, 8.75});
    Buffer bt = halfTensor(dtype, {2, 2}, {0.5f, 1, 0.25f, 2});
    runOk(OpKind::MatMul, {&a, &bt}, c, {1});
    CHECK(halfValues(c) == std::vector<double>{2.5, 4.25, 5.5, 8.75});
    // Random: within one rounding (2^-11 f16, 2^-8 bf16) plus f32 sums.
    std::mt19937 rng(6);
    const int64_t m = 5, k = 70, n = 130;
    Buffer ra = halfTensor(dtype, {m, k}, randomFloats(rng, m * k));
    Buffer rb = halfTensor(dtype, {k, n}, randomFloats(rng, k * n));
    Buffer rc = zeros(dtype, {m, n});
    ThreadPool pool(2);
    runOk(OpKind::MatMul, {&ra, &rb}, rc, {0}, &pool);
    std::vector<double> av = halfValues(ra), bv = halfValues(rb), cv = halfValues(rc);
    const double ulp = dtype == DType::F16 ? 0x1p-11 : 0x1p-8;
    for (int64_t i = 0; i < m; ++i)
      for (int64_t j = 0; j < n; ++j) {
        double exact = 0, magnitude = 0;
        for (int64_t p = 0; p < k; ++p) {
          exact += av[i * k + p] * bv[p * n + j];
          magnitude += std::fabs(av[i * k + p] * bv[p * n + j]);
        }
        REQUIRE(std::fabs(cv[i * n + j] - exact) <= ulp * std::fabs(exact) + 1e-5 * magnitude);
      }
    // softmax of [0, ln 3] is [0.25, 0.75] (ln 3 rounds in 16 bits: compare
    // with the rounded input's exact softmax).
    Buffer x = halfTensor(dtype, {1, 2}, {0.0f, std::log(3.0f)}), y = zeros(dtype, {1, 2});
    runOk(OpKind::Softmax, {&x}, y, {1});
    double l = halfValues(x)[1], p1 = std::exp(l) / (1 + std::exp(l));
    std::vector<double> yv = halfValues(y);
    CHECK(std::fabs(yv[1] - p1) <= ulp * p1);
    CHECK(std::fabs(yv[0] - (1 - p1)) <= ulp * (1 - p1));
  }
  CHECK_THAT(errorOf(checkViews(OpKind::MatMul,
                                {shapeOnly(DType::F16, {2, 2}), shapeOnly(DType::BF16, {2, 2})},
                                shapeOnly(DType::F16, {2, 2}), {0})),
             Contains("element types differ"));
}
