//===- NpyFuzzTest.cpp - Malformed .npy and CSV input never crashes ---------===//
//
// Every truncation and a few thousand random mutations of valid images go
// through the in-memory readers. Each input is copied into a buffer of
// exactly its size, so that under AddressSanitizer a read past the end is
// caught. The outcome must be an error or a self-consistent tensor.
//
//===----------------------------------------------------------------------===//
#include "TestUtil.h"

#include "runtime/io/Csv.h"
#include "runtime/io/Npy.h"

#include <catch2/catch.hpp>

#include <memory>
#include <random>

using namespace thymos::rt;
using thymos::rt::test::patterned;

namespace {

// Parses `bytes` from an exactly sized heap copy; returns whether it parsed.
bool parseExact(const std::vector<unsigned char> &bytes) {
  std::unique_ptr<unsigned char[]> copy(new unsigned char[bytes.size() + !bytes.size()]);
  std::copy(bytes.begin(), bytes.end(), copy.get());
  HostTensor t;
  Status s = parseNpy(copy.get(), bytes.size(), "fuzz.npy", t);
  if (!s) {
    // Errors are one line.
    CHECK(s.message().find('\n') == std::string::npos);
    return false;
  }
  // A success is self-consistent.
  REQUIRE(t.view.data == t.bytes.data());
  REQUIRE(t.view.rank <= kMaxRank);
  size_t expected = 0;
  REQUIRE(denseByteSize(t.view.dtype, t.view.rank, t.view.dims, expected));
  REQUIRE(t.bytes.size() == expected);
  return true;
}

std::vector<std::vector<unsigned char>> validImages() {
  std::vector<std::vector<unsigned char>> images;
  for (auto [dtype, dims] : {std::pair<DType, std::vector<int64_t>>{DType::F64, {2, 3}},
                            {DType::I8, {5}},
                            {DType::F16, {}},
                            {DType::I32, {2, 1, 2}}}) {
    HostTensor t = patterned(dtype, dims);
    images.emplace_back();
    REQUIRE(encodeNpy(t.view, images.back()));
  }
  // A 2.0 header with a compact dict, no padding.
  std::string header = "{'descr':'<f4','fortran_order':False,'shape':(2,2)}\n";
  std::vector<unsigned char> v2 = {0x93, 'N', 'U', 'M', 'P', 'Y', 2, 0,
                                   static_cast<unsigned char>(header.size()), 0, 0, 0};
  v2.insert(v2.end(), header.begin(), header.end());
  v2.resize(v2.size() + 16, 0x3f);
  images.push_back(v2);
  return images;
}

} // namespace

TEST_CASE("every truncation of a valid .npy is an error", "[npy][fuzz]") {
  for (const auto &image : validImages()) {
    REQUIRE(parseExact(image));
    for (size_t n = 0; n < image.size(); ++n) {
      CAPTURE(n);
      std::vector<unsigned char> cut(image.begin(), image.begin() + n);
      CHECK_FALSE(parseExact(cut));
    }
  }
}

TEST_CASE("random byte mutations of .npy images never crash", "[npy][fuzz]") {
  std::mt19937 rng(12345);
  // Bytes that steer mutations into the header grammar's deeper paths.
  const std::string syntax = "{}()[]',:\" 0123456789TrueFalse<>|=fi\n\\";
  size_t parsed = 0, total = 0;
  for (const auto &image : validImages()) {
    for (int iter = 0; iter < 1500; ++iter) {
      std::vector<unsigned char> m = image;
      int edits = 1 + static_cast<int>(rng() % 4);
      for (int e = 0; e < edits; ++e) {
        size_t at = rng() % m.size();
        switch (rng() % 4) {
        case 0: m[at] ^= static_cast<unsigned char>(1u << (rng() % 8)); break;
        case 1: m[at] = static_cast<unsigned char>(rng()); break;
        case 2: m[at] = static_cast<unsigned char>(syntax[rng() % syntax.size()]); break;
        default: m.erase(m.begin() + static_cast<std::ptrdiff_t>(at)); break;
        }
        if (m.empty())
          break;
      }
      parsed += parseExact(m);
      ++total;
    }
  }
  // Mutations that only touch data or padding still parse; most others fail.
  INFO(parsed << " of " << total << " mutated images parsed");
  CHECK(parsed > 0);
  CHECK(parsed < total);
}

TEST_CASE("random mutations of CSV text never crash", "[csv][fuzz]") {
  const std::string valid = "a,b,c\n0.5,-1e3,7\r\n2,3.25,-0\n1e-5,inf,42\n";
  const std::string alphabet = "0123456789.,-+eE\r\n \tnaif";
  std::mt19937 rng(777);
  for (int iter = 0; iter < 3000; ++iter) {
    std::string m = valid;
    int edits = 1 + static_cast<int>(rng() % 3);
    for (int e = 0; e < edits && !m.empty(); ++e) {
      size_t at = rng() % m.size();
      if (rng() % 3 == 0)
        m.erase(at, 1);
      else
        m[at] = rng() % 2 ? alphabet[rng() % alphabet.size()] : static_cast<char>(rng());
    }
    std::unique_ptr<char[]> copy(new char[m.size() + !m.size()]);
    std::copy(m.begin(), m.end(), copy.get());
    CsvReadOptions options;
    options.dtype = iter % 2 ? DType::F32 : DType::F64;
    options.columnBegin = iter % 3 == 0 ? -1 : 0;
    HostTensor t;
    Status s = parseCsv(std::string_view(copy.get(), m.size()), "fuzz.csv", options, t);
    if (!s) {
      CHECK(s.message().find('\n') == std::string::npos);
      continue;
    }
    REQUIRE(t.view.rank == 2);
    REQUIRE(t.view.data == t.bytes.data());
    REQUIRE(t.bytes.size() == static_cast<size_t>(t.view.numElements()) *
                                  elementBytes(t.view.dtype));
  }
}
