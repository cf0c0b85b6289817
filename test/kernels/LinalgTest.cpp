// cholesky and triangular_solve against matrices built from known factors.

#include "KernelTestSupport.h"

#include <cmath>

using namespace thymos::rt;
using namespace thymos::rt::test;
using Catch::Matchers::Contains;

namespace {

// A fixed lower-triangular factor with a positive diagonal.
const std::vector<double> kL = {2,    0,   0,   0,    //
                                -1,   3,   0,   0,    //
                                0.5,  1,   1.5, 0,    //
                                4,    -2,  0.25, 1};
constexpr int64_t kN = 4;

/// A = L·Lᵀ
std::vector<double> gram(const std::vector<double> &l) {
  std::vector<double> a(kN * kN, 0);
  for (int64_t i = 0; i < kN; ++i)
    for (int64_t j = 0; j < kN; ++j)
      for (int64_t p = 0; p < kN; ++p)
        a[i * kN + j] += l[i * kN + p] * l[j * kN + p];
  return a;
}

} // namespace

TEST_CASE("cholesky recovers a known factor", "[linalg]") {
  std::vector<double> a = gram(kL);
  // Two batch entries: A and 4A (whose factor is 2L). The upper triangle of
  // the input holds junk: only the lower one may be read.
  std::vector<double> batch(2 * kN * kN);
  for (int64_t e = 0; e < kN * kN; ++e) {
    bool upper = e % kN > e / kN;
    batch[e] = upper ? 1e9 : a[e];
    batch[kN * kN + e] = upper ? -1e9 : 4 * a[e];
  }
  Buffer in = f64({2, kN, kN}, batch), out = zeros(DType::F64, {2, kN, kN});
  runOk(OpKind::Cholesky, {&in}, out);
  std::vector<double> l = out.values<double>();
  for (int64_t e = 0; e < kN * kN; ++e) {
    CHECK(l[e] == Approx(kL[e]).margin(1e-13));
    CHECK(l[kN * kN + e] == Approx(2 * kL[e]).margin(1e-13));
  }
  std::vector<float> af(a.begin(), a.end());
  Buffer inf = f32({kN, kN}, af), outf = zeros(DType::F32, {kN, kN});
  runOk(OpKind::Cholesky, {&inf}, outf);
  for (int64_t e = 0; e < kN * kN; ++e)
    CHECK(outf.values<float>()[e] == Approx(kL[e]).margin(1e-5));
}

TEST_CASE("cholesky names the matrix and column of a bad pivot", "[linalg]") {
  // Matrix 1 is [[1, 2], [2, 1]]: column 1's pivot is 1 - 4 < 0.
  Buffer in = f64({2, 2, 2}, {4, 0, 1, 5, 1, 0, 2, 1}), out = zeros(DType::F64, {2, 2, 2});
  CHECK(errorOf(runOp(OpKind::Cholesky, {&in}, out)) ==
        "cholesky: matrix 1 is not positive definite (pivot of column 1 is not > 0)");
  Buffer neg = f32({1, 1}, {-1}), o = zeros(DType::F32, {1, 1});
  CHECK_THAT(errorOf(runOp(OpKind::Cholesky, {&neg}, o)), Contains("column 0"));
}

namespace {

/// op(A)·X for the triangle of A selected by `lower` (the rest is zero).
std::vector<double> multiplyBack(const std::vector<double> &a, const std::vector<double> &x,
                                 int64_t n, int64_t k, bool lower, bool transposeA) {
  std::vector<double> b(n * k, 0);
  for (int64_t i = 0; i < n; ++i)
    for (int64_t j = 0; j < n; ++j) {
      int64_t r = transposeA ? j : i, c = transposeA ? i : j; // op(A)[i][j] = A[r][c]
      bool inTriangle = lower ? c <= r : c >= r;
      if (!inTriangle)
        continue;
      for (int64_t col = 0; col < k; ++col)
        b[i * k + col] += a[r * kN + c] * x[j * k + col];
    }
  return b;
}

} // namespace

TEST_CASE("triangular_solve, checked by multiplying back", "[linalg]") {
  // A full matrix: `lower` must pick one triangle and ignore the other.
  std::vector<double> a = {2, 7, -3, 9,  //
                           -1, 3, 8, 4,  //
                           0.5, 1, 1.5, -6, //
                           4, -2, 0.25, 1};
  const int64_t k = 3;
  std::vector<double> b = {1, 2, 3, 4, 5, 6, 7, 8, 9, -1, -2, -3};
  for (bool lower : {true, false})
    for (bool transposeA : {false, true}) {
      INFO("lower=" << lower << " transpose_a=" << transposeA);
      Buffer ab = f64({kN, kN}, a), bb = f64({kN, k}, b), x = zeros(DType::F64, {kN, k});
      runOk(OpKind::TriangularSolve, {&ab, &bb}, x, {lower, transposeA});
      std::vector<double> back = multiplyBack(a, x.values<double>(), kN, k, lower, transposeA);
      for (size_t e = 0; e < b.size(); ++e)
        CHECK(back[e] == Approx(b[e]).margin(1e-12));

      std::vector<float> af(a.begin(), a.end()), bf(b.begin(), b.end());
      Buffer af32 = f32({1, kN, kN}, af), bf32 = f32({1, kN, k}, bf);
      Buffer xf = zeros(DType::F32, {1, kN, k});
      runOk(OpKind::TriangularSolve, {&af32, &bf32}, xf, {lower, transposeA});
      std::vector<float> xv = xf.values<float>();
      back = multiplyBack(a, std::vector<double>(xv.begin(), xv.end()), kN, k, lower, transposeA);
      for (size_t e = 0; e < b.size(); ++e)
        CHECK(back[e] == Approx(b[e]).margin(1e-3));
    }
}

TEST_CASE("a Cholesky solve is two triangular solves", "[linalg]") {
  // A x = b with A = L Lᵀ: L y = b, then Lᵀ x = y; check A x = b.
  std::vector<double> a = gram(kL), b = {1, -2, 3, 0.5};
  Buffer ab = f64({kN, kN}, a), l = zeros(DType::F64, {kN, kN});
  runOk(OpKind::Cholesky, {&ab}, l);
  Buffer bb = f64({kN, 1}, b), y = zeros(DType::F64, {kN, 1}), x = zeros(DType::F64, {kN, 1});
  runOk(OpKind::TriangularSolve, {&l, &bb}, y, {1, 0});
  runOk(OpKind::TriangularSolve, {&l, &y}, x, {1, 1});
  std::vector<double> xv = x.values<double>();
  for (int64_t i = 0; i < kN; ++i) {
    double sum = 0;
    for (int64_t j = 0; j < kN; ++j)
      sum += a[i * kN + j] * xv[j];
    CHECK(sum == Approx(b[i]).margin(1e-12));
  }
}

TEST_CASE("linalg errors", "[linalg][check]") {
  Buffer a = f64({2, 2}, {1, 0, 5, 0}), b = f64({2, 1}, {1, 1}), x = zeros(DType::F64, {2, 1});
  CHECK(errorOf(runOp(OpKind::TriangularSolve, {&a, &b}, x, {1, 0})) ==
        "triangular_solve: matrix 0 is singular (diagonal entry 1 is zero)");
  auto F64 = DType::F64;
  CHECK_THAT(errorOf(checkViews(OpKind::Cholesky, {shapeOnly(F64, {3, 4})},
                                shapeOnly(F64, {3, 4}))),
             Contains("must be square matrices [..., n, n], got [3,4]"));
  CHECK_THAT(errorOf(checkViews(OpKind::Cholesky, {shapeOnly(DType::F16, {3, 3})},
                                shapeOnly(DType::F16, {3, 3}))),
             Contains("f16"));
  CHECK(errorOf(checkViews(OpKind::TriangularSolve, {shapeOnly(F64, {3, 3}), shapeOnly(F64, {4, 2})},
                           shapeOnly(F64, {4, 2}), {1, 0})) ==
        "triangular_solve: b has 4 rows, but a is 3x3");
  CHECK_THAT(errorOf(checkViews(OpKind::TriangularSolve,
                                {shapeOnly(F64, {2, 3, 3}), shapeOnly(F64, {5, 3, 2})},
                                shapeOnly(F64, {5, 3, 2}), {1, 0})),
             Contains("batch dimensions"));
  CHECK_THAT(errorOf(checkViews(OpKind::TriangularSolve,
                                {shapeOnly(F64, {2, 3, 3}), shapeOnly(F64, {3, 2})},
                                shapeOnly(F64, {3, 2}), {1, 0})),
             Contains("b must have a's rank 3"));
  CHECK_THAT(errorOf(checkViews(OpKind::TriangularSolve, {shapeOnly(F64, {3, 3}), shapeOnly(F64, {3, 2})},
                                shapeOnly(F64, {3, 2}), {1, 7})),
             Contains("transpose_a must be 0 or 1"));
  CHECK_THAT(errorOf(checkViews(OpKind::TriangularSolve, {shapeOnly(F64, {3, 3}), shapeOnly(F64, {3, 2})},
                                shapeOnly(F64, {2, 3}), {1, 0})),
             Contains("should be b's [3,2]"));
}
