//===- NpyTest.cpp - .npy round trips, header grammar and error messages ----===//
#include "TestUtil.h"

#include "runtime/io/Npy.h"

#include <catch2/catch.hpp>

#include <cstdio>

using namespace thymos::rt;
using thymos::rt::test::patterned;
using thymos::rt::test::sameTensor;
using thymos::rt::test::TempDir;

namespace {

// A .npy image with the given header text (taken as is, no padding) and
// `dataBytes` bytes of data.
std::vector<unsigned char> npyImage(const std::string &header, size_t dataBytes,
                                    unsigned major = 1) {
  std::vector<unsigned char> out = {0x93, 'N', 'U', 'M', 'P', 'Y',
                                    static_cast<unsigned char>(major), 0};
  size_t lenBytes = major == 1 ? 2 : 4;
  for (size_t i = 0; i < lenBytes; ++i)
    out.push_back(static_cast<unsigned char>(header.size() >> (8 * i)));
  out.insert(out.end(), header.begin(), header.end());
  for (size_t i = 0; i < dataBytes; ++i)
    out.push_back(static_cast<unsigned char>(i));
  return out;
}

std::string parseError(const std::vector<unsigned char> &image) {
  HostTensor t;
  Status s = parseNpy(image.data(), image.size(), "x.npy", t);
  return s ? std::string("(no error)") : s.message();
}

const std::vector<std::vector<int64_t>> kShapes = {{}, {5}, {2, 3}, {2, 3, 4}, {0, 3}};

} // namespace

TEST_CASE("HostTensor copies and moves keep the view on their own bytes", "[npy]") {
  HostTensor a = patterned(DType::F32, {2, 3});
  REQUIRE(a.view.data == a.bytes.data());
  HostTensor b = a;
  CHECK(b.view.data == b.bytes.data());
  CHECK(b.view.data != a.view.data);
  CHECK(sameTensor(a.view, b.view));
  HostTensor c = std::move(b);
  CHECK(c.view.data == c.bytes.data());
  CHECK(b.view.data == nullptr);
  HostTensor d;
  d = c;
  CHECK(d.view.data == d.bytes.data());
  d = std::move(c);
  CHECK(d.view.data == d.bytes.data());
  CHECK(sameTensor(a.view, d.view));
}

TEST_CASE("HostTensor::create refuses shapes without a dense size", "[npy]") {
  HostTensor t;
  int64_t huge[2] = {INT64_MAX / 2, 3};
  CHECK_FALSE(HostTensor::create(DType::F64, 2, huge, t));
  int64_t negative[1] = {-1};
  CHECK_FALSE(HostTensor::create(DType::F64, 1, negative, t));
  int64_t nine[9] = {1, 1, 1, 1, 1, 1, 1, 1, 1};
  CHECK_FALSE(HostTensor::create(DType::F64, 9, nine, t));
  int64_t one[1] = {32};
  CHECK_FALSE(HostTensor::create(DType::Q8_0, 1, one, t));
}

TEST_CASE("every dtype and rank 0..3 round-trips through memory and files", "[npy]") {
  TempDir dir;
  REQUIRE(dir.ok());
  for (DType dtype : {DType::F64, DType::F32, DType::F16, DType::I32, DType::I8}) {
    for (const auto &shape : kShapes) {
      CAPTURE(static_cast<int>(dtype), shape);
      HostTensor t = patterned(dtype, shape);
      std::vector<unsigned char> image;
      REQUIRE(encodeNpy(t.view, image));
      // NumPy aligns the data to 64 bytes and ends the header with '\n'.
      size_t dataStart = image.size() - t.bytes.size();
      CHECK(dataStart % 64 == 0);
      CHECK(image[dataStart - 1] == '\n');
      HostTensor back;
      Status s = parseNpy(image.data(), image.size(), "mem.npy", back);
      REQUIRE(s);
      CHECK(sameTensor(t.view, back.view));

      std::string path = dir.file("t.npy");
      REQUIRE(writeNpy(path, t.view));
      HostTensor fromFile;
      s = readNpy(path, fromFile);
      INFO(s.message());
      REQUIRE(s);
      CHECK(sameTensor(t.view, fromFile.view));
    }
  }
}

TEST_CASE("the reader accepts the header syntax Python literals allow", "[npy]") {
  struct Case {
    const char *header;
    unsigned major;
    DType dtype;
    std::vector<int64_t> dims;
  };
  const Case cases[] = {
      {"{'descr': '<f4', 'fortran_order': False, 'shape': (2,), }\n", 1, DType::F32, {2}},
      {"{\"descr\":\"<f4\",\"fortran_order\":False,\"shape\":(2,)}", 1, DType::F32, {2}},
      {"{'shape': (1, 2,), 'descr': '<i4', 'fortran_order': False}   \n", 2, DType::I32, {1, 2}},
      {"{\n  'descr' : '<i1' ,\n  'fortran_order' : False ,\n  'shape' : ( 3 , ) ,\n}\n", 3,
       DType::I8, {3}},
      {"{'descr': '|i1', 'fortran_order': False, 'shape': (), }", 1, DType::I8, {}},
      {"{'descr': '<f2', 'fortran_order': False, 'shape': (0, 7), }", 1, DType::F16, {0, 7}},
  };
  for (const Case &c : cases) {
    CAPTURE(c.header);
    size_t elems = 1;
    for (int64_t d : c.dims)
      elems *= static_cast<size_t>(d);
    auto image = npyImage(c.header, elems * elementBytes(c.dtype), c.major);
    HostTensor t;
    Status s = parseNpy(image.data(), image.size(), "x.npy", t);
    INFO(s.message());
    REQUIRE(s);
    CHECK(t.view.dtype == c.dtype);
    REQUIRE(t.view.rank == c.dims.size());
    for (size_t i = 0; i < c.dims.size(); ++i)
      CHECK(t.view.dims[i] == c.dims[i]);
  }
}

TEST_CASE("header errors are one line naming the file and the problem", "[npy]") {
  auto err = [](const std::string &header, size_t dataBytes = 0, unsigned major = 1) {
    return parseError(npyImage(header, dataBytes, major));
  };
  CHECK(err("{'descr': '<f8', 'shape': (2, 3), }", 48) ==
        "x.npy: header: expected 'fortran_order' key");
  CHECK(err("{'fortran_order': False, 'shape': (2, 3), }", 48) ==
        "x.npy: header: expected 'descr' key");
  CHECK(err("{'descr': '<f8', 'fortran_order': False}") ==
        "x.npy: header: expected 'shape' key");
  CHECK(err("{'descr': '<f8', 'fortran_order': False, 'shape': (2, 3), }", 40) ==
        "x.npy: data is 40 bytes, expected 48 for <f8 (2, 3)");
  CHECK(err("{'descr': '<f8', 'fortran_order': False, 'shape': (2, 3), }", 56) ==
        "x.npy: data is 56 bytes, expected 48 for <f8 (2, 3)");
  CHECK(err("{'descr': '<i4', 'fortran_order': False, 'shape': (3,), }", 0) ==
        "x.npy: data is 0 bytes, expected 12 for <i4 (3,)");
  CHECK(err("{'descr': '>f8', 'fortran_order': False, 'shape': (1,), }", 8) ==
        "x.npy: descr '>f8' is big-endian; only little-endian data is supported");
  CHECK(err("{'descr': '<i8', 'fortran_order': False, 'shape': (1,), }", 8) ==
        "x.npy: unsupported descr '<i8' (supported: <f8 <f4 <f2 <i4 |i1)");
  CHECK(err("{'descr': '<f8', 'fortran_order': True, 'shape': (2, 3), }", 48) ==
        "x.npy: fortran_order is True; only C-order arrays are supported");
  CHECK(err("{'descr': '<f8', 'fortran_order': False, 'shape': (1,1,1,1,1,1,1,1,1), }", 8) ==
        "x.npy: header: shape has more than 8 dimensions at byte 77");
  CHECK(err("{'descr': '<f8', 'fortran_order': False, 'shape': (3), }", 24) ==
        "x.npy: header: shape '(n)' is not a tuple; expected '(n,)' at byte 63");
  CHECK(err("{'descr': '<f8', 'fortran_order': False, 'shape': [3], }", 24) ==
        "x.npy: header: expected '(' for 'shape' at byte 60");
  CHECK(err("{'descr': '<f8', 'fortran_order': False, 'shape': (-1,), }") ==
        "x.npy: header: expected a dimension or ')' at byte 61");
  CHECK(err("{'descr': '<f8', 'fortran_order': False, 'shape': (01,), }", 8) ==
        "x.npy: header: dimension with a leading zero at byte 61");
  CHECK(err("{'descr': '<f8', 'fortran_order': False, 'shape': (99999999999999999999,), }") ==
        "x.npy: header: dimension too large at byte 61");
  CHECK(err("{'descr': '<f8', 'fortran_order': False, 'shape': (4611686018427387904, 4), }") ==
        "x.npy: shape (4611686018427387904, 4) is too large for <f8");
  CHECK(err("{'descr': '<f8', 'fortran_order': False, 'shape': (2L,), }") ==
        "x.npy: header: expected an integer dimension at byte 62");
  CHECK(err("{'descr': '<f8', 'descr': '<f8', 'fortran_order': False, 'shape': (), }", 8) ==
        "x.npy: header: duplicate 'descr' key at byte 27");
  CHECK(err("{'descr': '<f8', 'fortran_order': False, 'shape': (), 'x': 1}", 8) ==
        "x.npy: header: unexpected key 'x' at byte 64");
  CHECK(err("{'descr': '<f8', 'fortran_order': Falsey, 'shape': (), }", 8) ==
        "x.npy: header: expected True or False for 'fortran_order' at byte 44");
  CHECK(err("{'descr': '<f8', 'fortran_order': False, 'shape': (), } x", 8) ==
        "x.npy: header: unexpected text after '}' at byte 66");
  CHECK(err("{'descr': '<f8, 'fortran_order': False, 'shape': (), }", 8) ==
        "x.npy: header: expected ',' or '}' at byte 27");
  CHECK(err("{'descr': [('a', '<f8')], 'fortran_order': False, 'shape': (), }", 8) ==
        "x.npy: header: expected a string for 'descr' at byte 20");
  CHECK(err("{'descr': '<f8' 'fortran_order': False, 'shape': (), }", 8) ==
        "x.npy: header: expected ',' or '}' at byte 26");
  CHECK(err("{'descr': '" + std::string(40, 'f') + "', 'fortran_order': False, 'shape': ()}") ==
        "x.npy: header: string longer than 32 characters at byte 20");
  CHECK(err("{'descr': '<f8', 'fortran_order': False, 'shape': (),", 8) ==
        "x.npy: header: expected a quoted key or '}' at byte 63");
}

TEST_CASE("preamble errors: magic, version, header length", "[npy]") {
  CHECK(parseError({}) == "x.npy: not a .npy file (missing \\x93NUMPY magic)");
  CHECK(parseError({'P', 'K', 3, 4, 0, 0, 0, 0, 0, 0}) ==
        "x.npy: not a .npy file (missing \\x93NUMPY magic)");
  auto image = npyImage("{}", 0, 1);
  image[6] = 4;
  CHECK(parseError(image) == "x.npy: unsupported .npy version 4.0 (supported: 1.0, 2.0, 3.0)");
  image[6] = 1;
  image[7] = 1;
  CHECK(parseError(image) == "x.npy: unsupported .npy version 1.1 (supported: 1.0, 2.0, 3.0)");
  image = npyImage("{}", 0, 2);
  image.resize(10);
  CHECK(parseError(image) == "x.npy: file ends inside the header length");
  image = npyImage("{'descr': '<f8'}", 0, 1);
  image[8] = 200;
  CHECK(parseError(image) ==
        "x.npy: header length 200 runs past the end of the file (26 bytes)");
  image = npyImage("{}", 0, 2);
  image[11] = 0xff; // header length > 4 GiB - 1 in a 2.0 file
  CHECK(parseError(image) ==
        "x.npy: header length 4278190082 runs past the end of the file (14 bytes)");
}

TEST_CASE("file errors name the path", "[npy]") {
  TempDir dir;
  REQUIRE(dir.ok());
  HostTensor t;
  std::string missing = dir.file("missing.npy");
  Status s = readNpy(missing, t);
  REQUIRE_FALSE(s);
  CHECK(s.message().rfind(missing + ": cannot open: ", 0) == 0);

  HostTensor bf16 = patterned(DType::BF16, {2});
  s = writeNpy(dir.file("bf16.npy"), bf16.view);
  REQUIRE_FALSE(s);
  CHECK(s.message().find("cannot be written") != std::string::npos);

  // The whole image is validated through the streaming reader as well.
  std::string bad = dir.file("short.npy");
  auto image = npyImage("{'descr': '<f8', 'fortran_order': False, 'shape': (2, 3), }", 40);
  FILE *f = std::fopen(bad.c_str(), "wb");
  REQUIRE(f);
  std::fwrite(image.data(), 1, image.size(), f);
  std::fclose(f);
  s = readNpy(bad, t);
  REQUIRE_FALSE(s);
  CHECK(s.message() == bad + ": data is 40 bytes, expected 48 for <f8 (2, 3)");
}

TEST_CASE("the streaming reader handles headers shorter than its preamble read", "[npy]") {
  // A 1.0 file with an empty header text is invalid, but the 12 bytes read
  // first then reach into the data; the reader must not mix the two up.
  TempDir dir;
  REQUIRE(dir.ok());
  for (size_t headerLen : {0, 1, 2, 3}) {
    std::string header = std::string("{}").substr(0, headerLen);
    auto image = npyImage(header, 5);
    std::string path = dir.file("tiny.npy");
    FILE *f = std::fopen(path.c_str(), "wb");
    REQUIRE(f);
    std::fwrite(image.data(), 1, image.size(), f);
    std::fclose(f);
    HostTensor fromFile;
    Status fileStatus = readNpy(path, fromFile);
    std::string memMessage = parseError(image);
    REQUIRE_FALSE(fileStatus);
    // Same message up to the name.
    CHECK(fileStatus.message().substr(path.size()) == memMessage.substr(5));
  }
}
