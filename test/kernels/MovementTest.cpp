// Data movement: every op on hand-built inputs whose result has a formula.

#include "KernelTestSupport.h"

using namespace thymos::rt;
using namespace thymos::rt::test;
using Catch::Matchers::Contains;

namespace {
/// 0, 1, 2, ... as i32.
Buffer iota(std::vector<int64_t> dims) {
  Buffer b = zeros(DType::I32, dims);
  for (int64_t i = 0; i < b.view.numElements(); ++i)
    b.data<int32_t>()[i] = static_cast<int32_t>(i);
  return b;
}
} // namespace

TEST_CASE("transpose", "[movement]") {
  Buffer x = f32({2, 3}, {1, 2, 3, 4, 5, 6}), y = zeros(DType::F32, {3, 2});
  runOk(OpKind::Transpose, {&x}, y, {1, 0});
  CHECK(y.values<float>() == std::vector<float>{1, 4, 2, 5, 3, 6});
  // x[i][j][k] = 12 i + 4 j + k over [2,3,4]; perm (2,0,1): y[k][i][j] = x[i][j][k].
  Buffer x3 = iota({2, 3, 4}), y3 = zeros(DType::I32, {4, 2, 3});
  runOk(OpKind::Transpose, {&x3}, y3, {2, 0, 1});
  std::vector<int32_t> v = y3.values<int32_t>();
  for (int k = 0; k < 4; ++k)
    for (int i = 0; i < 2; ++i)
      for (int j = 0; j < 3; ++j)
        CHECK(v[(k * 2 + i) * 3 + j] == 12 * i + 4 * j + k);
}

TEST_CASE("reshape and broadcast", "[movement]") {
  Buffer x = iota({2, 3}), y = zeros(DType::I32, {3, 1, 2});
  runOk(OpKind::Reshape, {&x}, y);
  CHECK(y.values<int32_t>() == std::vector<int32_t>{0, 1, 2, 3, 4, 5});
  Buffer row = iota({3}), rows = zeros(DType::I32, {2, 3});
  runOk(OpKind::Broadcast, {&row}, rows);
  CHECK(rows.values<int32_t>() == std::vector<int32_t>{0, 1, 2, 0, 1, 2});
  Buffer col = tensorOf<int8_t>(DType::I8, {2, 1}, {7, -8}), cols = zeros(DType::I8, {2, 2, 3});
  runOk(OpKind::Broadcast, {&col}, cols);
  CHECK(cols.values<int8_t>() ==
        std::vector<int8_t>{7, 7, 7, -8, -8, -8, 7, 7, 7, -8, -8, -8});
}

TEST_CASE("slice with starts and steps", "[movement]") {
  // x[i][j] = 10 i + j over [5,7] (f64); rows 1, 3 and columns 2, 5.
  std::vector<double> xv;
  for (int i = 0; i < 5; ++i)
    for (int j = 0; j < 7; ++j)
      xv.push_back(10 * i + j);
  Buffer x = f64({5, 7}, xv), y = zeros(DType::F64, {2, 2});
  runOk(OpKind::Slice, {&x}, y, {1, 2, 2, 3});
  CHECK(y.values<double>() == std::vector<double>{12, 15, 32, 35});
  // The last element exactly (start 4 of 5, one element).
  Buffer last = zeros(DType::F64, {1, 1});
  runOk(OpKind::Slice, {&x}, last, {4, 6, 1, 1});
  CHECK(last.values<double>()[0] == 46);
}

TEST_CASE("concat of several inputs", "[movement]") {
  Buffer a = tensorOf<uint16_t>(DType::F16, {2, 1}, {1, 2});
  Buffer b = tensorOf<uint16_t>(DType::F16, {2, 2}, {3, 4, 5, 6});
  Buffer c = tensorOf<uint16_t>(DType::F16, {2, 1}, {7, 8});
  Buffer y = zeros(DType::F16, {2, 4});
  runOk(OpKind::Concat, {&a, &b, &c}, y, {1});
  CHECK(y.values<uint16_t>() == std::vector<uint16_t>{1, 3, 4, 7, 2, 5, 6, 8});
  Buffer rows = zeros(DType::F16, {4, 1});
  runOk(OpKind::Concat, {&a, &c}, rows, {0});
  CHECK(rows.values<uint16_t>() == std::vector<uint16_t>{1, 2, 7, 8});
}

TEST_CASE("gather rows and columns", "[movement]") {
  Buffer table = f32({3, 2}, {0, 1, 10, 11, 20, 21});
  Buffer ids = i32({2, 2}, {2, 0, 1, 2}), y = zeros(DType::F32, {2, 2, 2});
  runOk(OpKind::Gather, {&table, &ids}, y, {0});
  CHECK(y.values<float>() == std::vector<float>{20, 21, 0, 1, 10, 11, 20, 21});
  Buffer cols = i32({3}, {1, 1, 0}), yc = zeros(DType::F32, {3, 3});
  runOk(OpKind::Gather, {&table, &cols}, yc, {1});
  CHECK(yc.values<float>() == std::vector<float>{1, 1, 0, 11, 11, 10, 21, 21, 20});
}

TEST_CASE("gather rejects indices out of range", "[movement]") {
  Buffer table = f32({3, 2}, {0, 1, 10, 11, 20, 21}), y = zeros(DType::F32, {2, 2});
  Buffer high = i32({2}, {0, 3});
  CHECK(errorOf(runOp(OpKind::Gather, {&table, &high}, y, {0})) ==
        "gather: index 3 at position 1 is out of range for axis 0 of size 3");
  Buffer negative = i32({2}, {-1, 0});
  CHECK_THAT(errorOf(runOp(OpKind::Gather, {&table, &negative}, y, {0})),
             Contains("index -1 at position 0"));
}

TEST_CASE("movement check() failures", "[movement][check]") {
  auto F32 = DType::F32;
  CHECK(errorOf(checkViews(OpKind::Transpose, {shapeOnly(F32, {2, 3})}, shapeOnly(F32, {3, 2}),
                           {1, 1})) ==
        "transpose: perm is not a permutation of 0..1 (entry 1 is 1)");
  CHECK_THAT(errorOf(checkViews(OpKind::Transpose, {shapeOnly(F32, {2, 3})},
                                shapeOnly(F32, {3, 2}), {1})),
             Contains("perm has 1 entries but the operand has rank 2"));
  CHECK_THAT(errorOf(checkViews(OpKind::Transpose, {shapeOnly(F32, {2, 3})},
                                shapeOnly(F32, {2, 3}), {1, 0})),
             Contains("should be [3,2]"));
  CHECK_THAT(errorOf(checkViews(OpKind::Reshape, {shapeOnly(F32, {2, 3})}, shapeOnly(F32, {5}))),
             Contains("cannot reshape [2,3] (6 elements) into [5] (5 elements)"));
  CHECK_THAT(errorOf(checkViews(OpKind::Reshape, {shapeOnly(F32, {6})},
                                shapeOnly(DType::I32, {6}))),
             Contains("result element type i32"));
  CHECK(errorOf(checkViews(OpKind::Broadcast, {shapeOnly(F32, {2})}, shapeOnly(F32, {3, 3}))) ==
        "broadcast: [2] does not broadcast to shape [3,3]");
  CHECK_THAT(errorOf(checkViews(OpKind::Slice, {shapeOnly(F32, {5})}, shapeOnly(F32, {3}),
                                {1, 2})),
             Contains("dimension 0 of size 5 cannot give 3 elements from 1 in steps of 2"));
  CHECK_THAT(errorOf(checkViews(OpKind::Slice, {shapeOnly(F32, {5})}, shapeOnly(F32, {1}),
                                {5, 1})),
             Contains("cannot give"));
  CHECK_THAT(errorOf(checkViews(OpKind::Slice, {shapeOnly(F32, {5})}, shapeOnly(F32, {1}),
                                {0, 0})),
             Contains("step 0 of dimension 0 must be positive"));
  CHECK(checkViews(OpKind::Slice, {shapeOnly(F32, {5})}, shapeOnly(F32, {3}), {0, 2}).ok());
  CHECK_THAT(errorOf(checkViews(OpKind::Concat, {shapeOnly(F32, {2, 1}), shapeOnly(F32, {2, 2})},
                                shapeOnly(F32, {2, 4}), {1})),
             Contains("do not add up to the result's 4"));
  CHECK_THAT(errorOf(checkViews(OpKind::Concat, {shapeOnly(F32, {2, 1}), shapeOnly(F32, {3, 2})},
                                shapeOnly(F32, {2, 3}), {1})),
             Contains("input #1 has size 3 in dimension 0"));
  CHECK_THAT(errorOf(checkViews(OpKind::Concat, {}, shapeOnly(F32, {2}), {0})),
             Contains("at least one input"));
  CHECK_THAT(errorOf(checkViews(OpKind::Gather, {shapeOnly(F32, {3, 2}), shapeOnly(F32, {2})},
                                shapeOnly(F32, {2, 2}), {0})),
             Contains("indices must be i32, got f32"));
  CHECK_THAT(errorOf(checkViews(OpKind::Gather,
                                {shapeOnly(F32, {3, 2}), shapeOnly(DType::I32, {2})},
                                shapeOnly(F32, {2, 2}), {2})),
             Contains("axis 2 is out of range"));
  CHECK_THAT(errorOf(checkViews(OpKind::Gather,
                                {shapeOnly(F32, {3, 2}), shapeOnly(DType::I32, {4})},
                                shapeOnly(F32, {2, 2}), {0})),
             Contains("should be [4,2]"));
  CHECK_THAT(errorOf(checkViews(OpKind::Gather,
                                {shapeOnly(DType::Q8_0, {3, 32}), shapeOnly(DType::I32, {4})},
                                shapeOnly(DType::Q8_0, {4, 32}), {0})),
             Contains("gathering from a q8_0 table gives f32, not q8_0"));
}
