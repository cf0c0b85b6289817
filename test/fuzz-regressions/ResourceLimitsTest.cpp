//===- ResourceLimitsTest.cpp - Size limits on untrusted input --------------===//
//
// The limits docs/security.md lists that have no natural command-line test:
// the checked size helpers themselves, and the refusal of a tensor larger
// than the machine's memory (which a .npy or CSV input reaches only through
// a file at least that large).
//
//===----------------------------------------------------------------------===//
#include "runtime/CheckedSize.h"
#include "runtime/io/HostTensor.h"

#include <catch2/catch.hpp>

#include <cstdint>
#include <limits>
#include <string>

using namespace thymos;
using namespace thymos::rt;

TEST_CASE("checked products and sums report overflow", "[limits]") {
  uint64_t u = 0;
  CHECK(checkedMul<uint64_t>(uint64_t(1) << 32, uint64_t(1) << 31, u));
  CHECK(u == uint64_t(1) << 63);
  CHECK_FALSE(checkedMul<uint64_t>(uint64_t(1) << 32, uint64_t(1) << 32, u));
  CHECK_FALSE(checkedAdd<uint64_t>(std::numeric_limits<uint64_t>::max(), 1, u));
  int64_t s = 0;
  CHECK_FALSE(checkedMul<int64_t>(int64_t(1) << 32, int64_t(1) << 31, s));
  CHECK(checkedMul<int64_t>(-(int64_t(1) << 31), int64_t(1) << 32, s));
  CHECK(s == std::numeric_limits<int64_t>::min());
  CHECK(alignUp<uint64_t>(65, 64, u));
  CHECK(u == 128);
  CHECK_FALSE(alignUp<uint64_t>(std::numeric_limits<uint64_t>::max() - 10, 64, u));
  CHECK(alignUp<int64_t>(1, 64) == 64);
  CHECK(alignUp<uint64_t>(128, 64) == 128);
}

TEST_CASE("element counts reject negative dimensions and overflow", "[limits]") {
  int64_t n = 0;
  const int64_t ok[] = {3, 0, 5};
  CHECK(checkedElementCount(ok, 3, n));
  CHECK(n == 0);
  CHECK(checkedElementCount(ok, 0, n));
  CHECK(n == 1);
  const int64_t negative[] = {2, -3};
  CHECK_FALSE(checkedElementCount(negative, 2, n));
  // 2^40 * 2^40 does not fit, even though a later 0 would make it 0: the
  // product is refused as soon as a prefix overflows.
  const int64_t huge[] = {int64_t(1) << 40, int64_t(1) << 40, 0};
  CHECK_FALSE(checkedElementCount(huge, 3, n));
}

TEST_CASE("a dense size that overflows is refused", "[limits]") {
  size_t bytes = 0;
  const int64_t dims[] = {int64_t(1) << 31, int64_t(1) << 31};
  CHECK_FALSE(denseByteSize(DType::F64, 2, dims, bytes));
  CHECK(denseByteSize(DType::I8, 2, dims, bytes));
  CHECK(bytes == size_t(1) << 62);
}

TEST_CASE("a tensor larger than physical memory is an error, not an allocation",
          "[limits]") {
  uint64_t physical = physicalMemoryBytes();
  if (physical > (uint64_t(1) << 62)) {
    WARN("SKIPPED: this system does not report its physical memory");
    return;
  }
  const int64_t dims[] = {int64_t(physical / 8 + 1)};
  HostTensor t;
  Status s = HostTensor::create(DType::F64, 1, dims, t);
  REQUIRE_FALSE(s);
  CHECK(s.message() == "tensor needs " + std::to_string((physical / 8 + 1) * 8) +
                           " bytes, more than this machine's " + std::to_string(physical) +
                           " bytes of memory");
  CHECK(t.bytes.empty());
}
