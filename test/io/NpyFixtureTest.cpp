//===- NpyFixtureTest.cpp - Reading files that NumPy wrote -------------------===//
//
// The fixtures come from make_fixtures.py (NumPy 1.24.2); the values checked
// here are the ones that script lists, so this test does not depend on our
// own writer.
//
//===----------------------------------------------------------------------===//
#include "TestUtil.h"

#include "runtime/io/Npy.h"

#include <catch2/catch.hpp>

#include <cmath>
#include <cstdio>
#include <limits>

using namespace thymos::rt;

namespace {

std::string fixture(const char *name) {
  return std::string(THYMOS_IO_FIXTURES_DIR) + "/" + name;
}

HostTensor load(const char *name) {
  HostTensor t;
  Status s = readNpy(fixture(name), t);
  INFO(s.message());
  REQUIRE(s);
  return t;
}

void checkShape(const TensorView &v, DType dtype, std::vector<int64_t> dims) {
  CHECK(v.dtype == dtype);
  REQUIRE(v.rank == dims.size());
  for (size_t i = 0; i < dims.size(); ++i)
    CHECK(v.dims[i] == dims[i]);
}

std::vector<unsigned char> fileBytes(const std::string &path) {
  std::vector<unsigned char> bytes;
  FILE *f = std::fopen(path.c_str(), "rb");
  REQUIRE(f);
  int c;
  while ((c = std::fgetc(f)) != EOF)
    bytes.push_back(static_cast<unsigned char>(c));
  std::fclose(f);
  return bytes;
}

} // namespace

TEST_CASE("f8 fixtures: 2-D and scalar", "[npy][fixture]") {
  HostTensor t = load("f8_2x3.npy");
  checkShape(t.view, DType::F64, {2, 3});
  const double *d = t.view.as<double>();
  CHECK(d[0] == 0.1);
  CHECK(d[1] == -2.5);
  CHECK(d[2] == 1e300);
  CHECK(d[3] == 0.0);
  CHECK(std::signbit(d[3]));
  CHECK(d[4] == 5e-324);
  CHECK(d[5] == 3.0);

  HostTensor s = load("f8_scalar.npy");
  checkShape(s.view, DType::F64, {});
  CHECK(s.view.as<double>()[0] == 3.141592653589793);
}

TEST_CASE("f4, f2, i4 and i1 fixtures", "[npy][fixture]") {
  HostTensor f4 = load("f4_4.npy");
  checkShape(f4.view, DType::F32, {4});
  CHECK(f4.view.as<float>()[0] == 0.1f);
  CHECK(f4.view.as<float>()[1] == -1.0f);
  CHECK(f4.view.as<float>()[2] == 3.4028235e38f);
  CHECK(f4.view.as<float>()[3] == std::numeric_limits<float>::infinity());

  // binary16 bit patterns of 1, -2, 65504, 2^-14 and the nearest half to 0.1.
  HostTensor f2 = load("f2_5.npy");
  checkShape(f2.view, DType::F16, {5});
  const uint16_t halfBits[5] = {0x3C00, 0xC000, 0x7BFF, 0x0400, 0x2E66};
  for (int i = 0; i < 5; ++i)
    CHECK(f2.view.as<uint16_t>()[i] == halfBits[i]);

  HostTensor i4 = load("i4_2x2x2.npy");
  checkShape(i4.view, DType::I32, {2, 2, 2});
  const int32_t ints[8] = {INT32_MIN, -1, 0, 1, 2, 3, 1000000, INT32_MAX};
  for (int i = 0; i < 8; ++i)
    CHECK(i4.view.as<int32_t>()[i] == ints[i]);

  HostTensor i1 = load("i1_scalar.npy");
  checkShape(i1.view, DType::I8, {});
  CHECK(i1.view.as<int8_t>()[0] == -7);

  HostTensor i1v = load("i1_3.npy");
  checkShape(i1v.view, DType::I8, {3});
  CHECK(i1v.view.as<int8_t>()[0] == -128);
  CHECK(i1v.view.as<int8_t>()[1] == 0);
  CHECK(i1v.view.as<int8_t>()[2] == 127);

  HostTensor empty = load("i4_0x3.npy");
  checkShape(empty.view, DType::I32, {0, 3});
  CHECK(empty.bytes.empty());
}

TEST_CASE("version 2.0 and 3.0 headers", "[npy][fixture]") {
  HostTensor v2 = load("f8_v2.npy");
  checkShape(v2.view, DType::F64, {2});
  CHECK(v2.view.as<double>()[0] == 1.0);
  CHECK(v2.view.as<double>()[1] == -1.0);

  HostTensor v3 = load("f4_v3.npy");
  checkShape(v3.view, DType::F32, {2, 1});
  CHECK(v3.view.as<float>()[0] == 0.5f);
  CHECK(v3.view.as<float>()[1] == -0.25f);
}

TEST_CASE("NumPy files the reader refuses, with the reason", "[npy][fixture]") {
  auto error = [](const char *name) {
    HostTensor t;
    Status s = readNpy(fixture(name), t);
    return s ? std::string("(no error)") : s.message().substr(fixture(name).size());
  };
  CHECK(error("f8_big_endian.npy") ==
        ": descr '>f8' is big-endian; only little-endian data is supported");
  CHECK(error("f8_fortran.npy") ==
        ": fortran_order is True; only C-order arrays are supported");
  CHECK(error("i8_2.npy") == ": unsupported descr '<i8' (supported: <f8 <f4 <f2 <i4 |i1)");
}

TEST_CASE("our header is byte-identical to the one NumPy wrote", "[npy][fixture]") {
  // Same dtype and shape as f8_2x3.npy; NumPy 1.24 pads to 64 bytes as we do.
  std::vector<unsigned char> numpy = fileBytes(fixture("f8_2x3.npy"));
  HostTensor t = load("f8_2x3.npy");
  std::vector<unsigned char> ours;
  REQUIRE(encodeNpy(t.view, ours));
  CHECK(ours == numpy);
}
