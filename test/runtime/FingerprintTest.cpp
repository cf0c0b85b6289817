//===- FingerprintTest.cpp - The weight fingerprints' coverage --------------===//
//
// What the load-time check of a weight file reads and therefore catches:
// the whole data region when it is small, and otherwise 64 windows of
// 4 KiB from the first byte to the last, so a byte between windows is
// (by design) left to --verify-weights.
//
//===----------------------------------------------------------------------===//
#include "runtime/Fingerprint.h"

#include <catch2/catch.hpp>

#include <vector>

using thymos::rt::fingerprint64;
using thymos::rt::kSampleWindowBytes;
using thymos::rt::kSampleWindows;
using thymos::rt::sampledFingerprint;

namespace {

std::vector<unsigned char> pattern(size_t bytes) {
  std::vector<unsigned char> v(bytes);
  uint32_t x = 1;
  for (unsigned char &b : v) {
    x = x * 1664525u + 1013904223u;
    b = static_cast<unsigned char>(x >> 24);
  }
  return v;
}

/// Whether flipping byte `at` changes the sampled fingerprint.
bool sees(std::vector<unsigned char> file, uint64_t dataOffset, size_t at) {
  const uint64_t before = sampledFingerprint(file.data(), file.size(), dataOffset);
  file[at] ^= 1;
  return sampledFingerprint(file.data(), file.size(), dataOffset) != before;
}

} // namespace

TEST_CASE("the fingerprint sees every byte and the order of words", "[fingerprint]") {
  std::vector<unsigned char> data = pattern(1000);
  const uint64_t h = fingerprint64(data.data(), data.size());
  for (size_t at : {size_t(0), size_t(7), size_t(8), size_t(500), size_t(999)}) {
    data[at] ^= 0x80;
    CHECK(fingerprint64(data.data(), data.size()) != h);
    data[at] ^= 0x80;
  }
  CHECK(fingerprint64(data.data(), 999) != h);
}

TEST_CASE("a small data region is fingerprinted whole", "[fingerprint]") {
  const uint64_t dataOffset = 100;
  const size_t region = 2 * kSampleWindows * kSampleWindowBytes; // the largest read whole
  std::vector<unsigned char> file = pattern(dataOffset + region);
  CHECK(sampledFingerprint(file.data(), file.size(), dataOffset) ==
        fingerprint64(file.data() + dataOffset, region));
  for (size_t at : {size_t(100), size_t(100 + region / 3), file.size() - 1})
    CHECK(sees(file, dataOffset, at));
  // The header is not part of it: it has its own fingerprint.
  CHECK_FALSE(sees(file, dataOffset, 5));
}

TEST_CASE("a large data region is sampled from its first byte to its last", "[fingerprint]") {
  const uint64_t dataOffset = 4000;
  const size_t region = 10 << 20;
  std::vector<unsigned char> file = pattern(dataOffset + region);
  const size_t spacing = (region - kSampleWindowBytes) / (kSampleWindows - 1);
  // Both ends, and the start and end of a window in the middle.
  CHECK(sees(file, dataOffset, dataOffset));
  CHECK(sees(file, dataOffset, file.size() - 1));
  CHECK(sees(file, dataOffset, dataOffset + 30 * spacing));
  CHECK(sees(file, dataOffset, dataOffset + 30 * spacing + kSampleWindowBytes - 1));
  // Between two windows: not read.
  CHECK_FALSE(sees(file, dataOffset, dataOffset + 30 * spacing + kSampleWindowBytes));
  CHECK_FALSE(sees(file, dataOffset, dataOffset + 31 * spacing - 1));
  // An empty data region, and an offset past the end, are still defined.
  CHECK(sampledFingerprint(file.data(), dataOffset, dataOffset) == fingerprint64(file.data(), 0));
  CHECK(sampledFingerprint(file.data(), 10, 20) == fingerprint64(file.data(), 0));
}
