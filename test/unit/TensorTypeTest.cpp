//===- TensorTypeTest.cpp - Element counts, storage sizes, well-formedness --===//
//
// Sizes are computed here by hand from ggml's block layouts (q8_0: 34 bytes
// per 32 values, q4_0: 18 bytes per 32 values), not from the code under test.
//
//===----------------------------------------------------------------------===//

#include "ir/TensorType.h"

#include <catch2/catch.hpp>

#include <cstdint>

using thymos::ir::DType;
using thymos::ir::TensorType;
using thymos::ir::kMaxDim;
using thymos::ir::kMaxRank;

namespace {
constexpr int64_t pow2(unsigned n) { return int64_t(1) << n; }
} // namespace

TEST_CASE("numElements multiplies the dimensions", "[TensorType]") {
  CHECK(TensorType(DType::F32, {64, 4}).numElements() == 256);
  CHECK(TensorType(DType::F32, {}).numElements() == 1);
  CHECK(TensorType(DType::I8, {1, 1, 1}).numElements() == 1);
  CHECK(TensorType(DType::F16, {3, 5, 7}).numElements() == 105);
  CHECK(TensorType(DType::F32, {pow2(31), pow2(31)}).numElements() == pow2(62));
  CHECK(TensorType(DType::F32, {pow2(62), 1}).numElements() == pow2(62));
}

TEST_CASE("numElements reports overflow as nullopt", "[TensorType]") {
  CHECK_FALSE(TensorType(DType::F32, {pow2(32), pow2(32)}).numElements());
  // 2^63 is one past INT64_MAX.
  CHECK_FALSE(TensorType(DType::F32, {pow2(31), pow2(32)}).numElements());
  CHECK_FALSE(TensorType(DType::F32, {pow2(40), pow2(40), 2}).numElements());
  CHECK_FALSE(TensorType(DType::F32, {3, INT64_MAX}).numElements());
}

TEST_CASE("storageBytes of plain element types", "[TensorType]") {
  CHECK(TensorType(DType::F64, {3}).storageBytes() == 24);
  CHECK(TensorType(DType::F32, {64, 4}).storageBytes() == 1024);
  CHECK(TensorType(DType::F16, {5}).storageBytes() == 10);
  CHECK(TensorType(DType::BF16, {2, 3}).storageBytes() == 12);
  CHECK(TensorType(DType::I32, {2, 3}).storageBytes() == 24);
  CHECK(TensorType(DType::I8, {7}).storageBytes() == 7);
  CHECK(TensorType(DType::F32, {}).storageBytes() == 4);
}

TEST_CASE("storageBytes of block-quantized types counts whole blocks", "[TensorType]") {
  CHECK(TensorType(DType::Q8_0, {32}).storageBytes() == 34);
  CHECK(TensorType(DType::Q8_0, {2, 64}).storageBytes() == 4 * 34);
  CHECK(TensorType(DType::Q4_0, {32}).storageBytes() == 18);
  CHECK(TensorType(DType::Q4_0, {256, 64}).storageBytes() == 512 * 18);
  CHECK(TensorType(DType::Q4_0, {3, 5, 96}).storageBytes() == 45 * 18);
  // A row that is not a whole number of blocks has no storage layout.
  CHECK_FALSE(TensorType(DType::Q8_0, {33}).storageBytes());
  CHECK_FALSE(TensorType(DType::Q4_0, {32, 16}).storageBytes());
  CHECK_FALSE(TensorType(DType::Q8_0, {}).storageBytes());
}

TEST_CASE("storageBytes reports byte-count overflow as nullopt", "[TensorType]") {
  // 2^61 elements fit, 2^61 * 8 bytes do not.
  CHECK(TensorType(DType::F64, {pow2(61)}).numElements() == pow2(61));
  CHECK_FALSE(TensorType(DType::F64, {pow2(61)}).storageBytes());
  CHECK(TensorType(DType::F32, {pow2(60)}).storageBytes() == pow2(62));
  CHECK_FALSE(TensorType(DType::F32, {pow2(61)}).storageBytes());
  // 31 * 2^58 values fit in int64; as 31 * 2^53 blocks of 34 bytes they do not.
  CHECK(TensorType(DType::Q8_0, {31, pow2(58)}).numElements() == 31 * pow2(58));
  CHECK_FALSE(TensorType(DType::Q8_0, {31, pow2(58)}).storageBytes());
  // At 18 bytes per 32 values q4_0 is smaller than its element count.
  CHECK(TensorType(DType::Q4_0, {31, pow2(58)}).storageBytes() == 31 * pow2(53) * 18);
  CHECK(TensorType(DType::Q4_0, {pow2(56)}).storageBytes() == pow2(51) * 18);
}

TEST_CASE("wellFormedError accepts ordinary types", "[TensorType]") {
  CHECK(TensorType(DType::F32, {64, 4}).wellFormedError().empty());
  CHECK(TensorType(DType::F32, {}).wellFormedError().empty());
  CHECK(TensorType(DType::Q8_0, {4, 64}).wellFormedError().empty());
  CHECK(TensorType(DType::I8, {kMaxDim}).wellFormedError().empty());
  CHECK(TensorType(DType::F32, {1, 1, 1, 1, 1, 1, 1, 1}).wellFormedError().empty());
}

TEST_CASE("wellFormedError explains what is wrong", "[TensorType]") {
  using Catch::Matchers::Contains;
  CHECK(TensorType(DType::F32, {1, 1, 1, 1, 1, 1, 1, 1, 1}).wellFormedError() ==
        "rank 9 exceeds the maximum rank 8");
  CHECK(TensorType(DType::F32, {4, 0}).wellFormedError() ==
        "dimension 1 is 0, but dimensions must be positive");
  CHECK(TensorType(DType::F32, {-3}).wellFormedError() ==
        "dimension 0 is -3, but dimensions must be positive");
  CHECK(TensorType(DType::F32, {kMaxDim + 1}).wellFormedError() ==
        "dimension 0 is 1099511627777, above the limit 1099511627776");
  CHECK_THAT(TensorType(DType::Q4_0, {4, 33}).wellFormedError(),
             Contains("innermost dimension must be a multiple of 32"));
  CHECK_THAT(TensorType(DType::Q8_0, {}).wellFormedError(), Contains("multiple of 32"));
  CHECK_THAT(TensorType(DType::F64, {kMaxDim, kMaxDim}).wellFormedError(),
             Contains("overflows a 64-bit integer"));
  CHECK(kMaxRank == 8);
}

TEST_CASE("str writes the .thy spelling", "[TensorType]") {
  CHECK(TensorType(DType::F32, {64, 4}).str() == "f32[64,4]");
  CHECK(TensorType(DType::F32, {}).str() == "f32[]");
  CHECK(TensorType(DType::Q8_0, {2, 32}).str() == "q8_0[2,32]");
  CHECK(TensorType(DType::BF16, {1}).str() == "bf16[1]");
  CHECK(TensorType(DType::I32, {-1}).str() == "i32[-1]");
  CHECK(thymos::ir::typeListStr({TensorType(DType::F32, {2}), TensorType(DType::I32, {})}) ==
        "(f32[2], i32[])");
  CHECK(thymos::ir::typeListStr({}) == "()");
}

TEST_CASE("types compare by element type and shape", "[TensorType]") {
  TensorType a(DType::F32, {2, 3});
  CHECK(a == TensorType(DType::F32, {2, 3}));
  CHECK(a != TensorType(DType::F16, {2, 3}));
  CHECK(a != TensorType(DType::F32, {3, 2}));
  CHECK(a != TensorType(DType::F32, {2, 3, 1}));
  CHECK(a.withDims({6}) == TensorType(DType::F32, {6}));
  CHECK(a.withDType(DType::I8) == TensorType(DType::I8, {2, 3}));
}
