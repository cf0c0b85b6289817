//===- ReaderTest.cpp - GGUF files written by Writer read back exactly -------===//

#include "GgufTestUtil.h"

#include "runtime/gguf/Writer.h"

#include <catch2/catch.hpp>

#include <cmath>
#include <cstdio>
#include <unistd.h>

using namespace thymos;
using namespace thymos::gguf;
using thymos::gguf::test::parseExact;

namespace {

std::vector<unsigned char> pattern(size_t n, unsigned seed) {
  std::vector<unsigned char> v(n);
  for (size_t i = 0; i < n; ++i)
    v[i] = static_cast<unsigned char>(i * 31 + seed * 7 + 1);
  return v;
}

/// One key of every value type, and arrays of every kind, nested included.
void addEveryType(Writer &w) {
  w.add("t.u8", encodeUInt8(250));
  w.add("t.i8", encodeInt8(-100));
  w.add("t.u16", encodeUInt16(65000));
  w.add("t.i16", encodeInt16(-32000));
  w.add("t.u32", encodeUInt32(4000000000u));
  w.add("t.i32", encodeInt32(-2000000000));
  w.add("t.u64", encodeUInt64(18000000000000000000ull));
  w.add("t.i64", encodeInt64(-9000000000000000000ll));
  w.add("t.f32", encodeFloat32(1e-5f));
  w.add("t.f64", encodeFloat64(-2.5e300));
  w.add("t.bool", encodeBool(true));
  w.add("t.string", encodeString(std::string("h\xc3\xa9llo\0x", 8)));
  w.add("t.empty", encodeString(""));
  w.add("a.f32", encodeArray(std::vector<float>{1.5f, -2.0f, 0.0f}));
  w.add("a.i32", encodeArray(std::vector<int32_t>{-1, 2, 3}));
  w.add("a.str", encodeArray(std::vector<std::string>{"<unk>", "", "\xe2\x96\x81the"}));
  w.add("a.bool", encodeArray(ValueType::Bool, {encodeBool(false), encodeBool(true)}));
  w.add("a.u64", encodeArray(ValueType::UInt64, {encodeUInt64(1), encodeUInt64(~0ull)}));
  w.add("a.empty", encodeArray(ValueType::Int8, {}));
  // [[1, 2], [], [["x"]]]: arrays of arrays may differ in element type.
  w.add("a.nested",
        encodeArray(ValueType::Array,
                    {encodeArray(ValueType::UInt16, {encodeUInt16(1), encodeUInt16(2)}),
                     encodeArray(ValueType::Float64, {}),
                     encodeArray(ValueType::Array, {encodeArray(std::vector<std::string>{"x"})})}));
}

void checkEveryType(const File &f) {
  REQUIRE(f.find("t.u8")->type() == ValueType::UInt8);
  CHECK(*f.find("t.u8")->toUInt() == 250);
  CHECK(*f.find("t.i8")->toInt() == -100);
  CHECK_FALSE(f.find("t.i8")->toUInt());
  CHECK(*f.find("t.u16")->toUInt() == 65000);
  CHECK(*f.find("t.i16")->toInt() == -32000);
  CHECK(*f.find("t.u32")->toUInt() == 4000000000u);
  CHECK(*f.find("t.i32")->toInt() == -2000000000);
  CHECK(*f.find("t.u64")->toUInt() == 18000000000000000000ull);
  CHECK_FALSE(f.find("t.u64")->toInt()); // above INT64_MAX
  CHECK(*f.find("t.i64")->toInt() == -9000000000000000000ll);
  CHECK(static_cast<float>(*f.find("t.f32")->toFloat()) == 1e-5f);
  CHECK(f.find("t.f32")->type() == ValueType::Float32);
  CHECK(*f.find("t.f64")->toFloat() == -2.5e300);
  CHECK(*f.find("t.bool")->toBool());
  CHECK_FALSE(f.find("t.bool")->toUInt());
  CHECK(*f.find("t.string")->toString() == std::string_view("h\xc3\xa9llo\0x", 8));
  CHECK(f.find("t.empty")->toString()->empty());
  CHECK_FALSE(f.find("t.string")->toUInt());
  CHECK(*f.find("t.u32")->toFloat() == 4000000000.0);

  const Value &af = *f.find("a.f32");
  REQUIRE(af.isArray());
  CHECK(af.elementType() == ValueType::Float32);
  REQUIRE(af.size() == 3);
  CHECK(*af.at(0).toFloat() == 1.5);
  CHECK(*af.at(1).toFloat() == -2.0);
  CHECK(*f.find("a.i32")->at(0).toInt() == -1);
  const Value &as = *f.find("a.str");
  REQUIRE(as.size() == 3);
  CHECK(as.stringAt(0) == "<unk>");
  CHECK(as.stringAt(1).empty());
  CHECK(*as.at(2).toString() == "\xe2\x96\x81the");
  CHECK(as.stringAt(3).empty()); // past the end: empty, not a crash
  CHECK_FALSE(*f.find("a.bool")->at(0).toBool());
  CHECK(*f.find("a.bool")->at(1).toBool());
  CHECK(*f.find("a.u64")->at(1).toUInt() == ~0ull);
  CHECK(f.find("a.empty")->size() == 0);
  CHECK(f.find("a.empty")->elementType() == ValueType::Int8);

  const Value &n = *f.find("a.nested");
  REQUIRE(n.elementType() == ValueType::Array);
  REQUIRE(n.size() == 3);
  CHECK(n.items()[0].elementType() == ValueType::UInt16);
  CHECK(*n.items()[0].at(1).toUInt() == 2);
  CHECK(n.items()[1].elementType() == ValueType::Float64);
  CHECK(n.items()[1].size() == 0);
  REQUIRE(n.items()[2].size() == 1);
  CHECK(n.items()[2].items()[0].stringAt(0) == "x");
  CHECK(n.at(2).at(0).stringAt(0) == "x");
}

} // namespace

TEST_CASE("every metadata type reads back, in versions 2 and 3", "[gguf]") {
  for (uint32_t version : {2u, 3u}) {
    Writer w(version);
    addEveryType(w);
    std::vector<unsigned char> bytes;
    REQUIRE(w.writeMemory(bytes));
    std::unique_ptr<File> f;
    std::unique_ptr<unsigned char[]> copy;
    rt::Status s = parseExact(bytes, f, copy);
    INFO(s.message());
    REQUIRE(s);
    CHECK(f->version() == version);
    CHECK(f->metadata().size() == 20);
    CHECK(f->metadata()[0].key == "t.u8");
    CHECK(f->metadata()[0].offset == 24);
    CHECK(f->tensors().empty());
    CHECK(f->alignment() == 32);
    CHECK(f->find("absent") == nullptr);
    checkEveryType(*f);
  }
}

TEST_CASE("tensors of every ggml type read back in place", "[gguf]") {
  Writer w;
  w.add("general.architecture", encodeString("test"));
  std::vector<std::vector<unsigned char>> datas;
  std::vector<const GgmlTypeInfo *> types;
  for (uint32_t id = 0; id < 64; ++id)
    if (const GgmlTypeInfo *t = ggmlTypeInfo(id)) {
      types.push_back(t);
      // Two rows of two blocks, and a third dimension of 3.
      std::vector<uint64_t> dims = {2 * uint64_t(t->blockElems), 2, 3};
      datas.push_back(pattern(size_t(t->blockBytes) * 2 * 2 * 3, id));
      w.addTensor(std::string("w.") + t->name, dims, t->type, datas.back());
    }
  REQUIRE(types.size() == 32);
  std::vector<unsigned char> bytes;
  REQUIRE(w.writeMemory(bytes));
  std::unique_ptr<File> f;
  std::unique_ptr<unsigned char[]> copy;
  rt::Status s = parseExact(bytes, f, copy);
  INFO(s.message());
  REQUIRE(s);
  REQUIRE(f->tensors().size() == types.size());
  CHECK(f->dataOffset() % 32 == 0);
  for (size_t i = 0; i < types.size(); ++i) {
    const TensorInfo *t = f->findTensor(std::string("w.") + types[i]->name);
    REQUIRE(t);
    CHECK(t == &f->tensors()[i]);
    CHECK(t->type == static_cast<uint32_t>(types[i]->type));
    CHECK(t->dims == std::vector<uint64_t>{2 * uint64_t(types[i]->blockElems), 2, 3});
    CHECK(t->elements == 12 * uint64_t(types[i]->blockElems));
    CHECK(t->bytes == datas[i].size());
    CHECK(t->offset % 32 == 0);
    CHECK(t->offset >= f->dataOffset());
    CHECK(std::vector<unsigned char>(f->tensorData(*t), f->tensorData(*t) + t->bytes) == datas[i]);
  }
  CHECK(f->findTensor("w.nope") == nullptr);
}

TEST_CASE("block layouts of the common types", "[gguf]") {
  auto layout = [](GgmlType t) {
    const GgmlTypeInfo *info = ggmlTypeInfo(static_cast<uint32_t>(t));
    REQUIRE(info);
    return std::pair<uint32_t, uint32_t>(info->blockElems, info->blockBytes);
  };
  CHECK(layout(GgmlType::F32) == std::pair(1u, 4u));
  CHECK(layout(GgmlType::F16) == std::pair(1u, 2u));
  CHECK(layout(GgmlType::BF16) == std::pair(1u, 2u));
  CHECK(layout(GgmlType::Q4_0) == std::pair(32u, 18u));
  CHECK(layout(GgmlType::Q4_1) == std::pair(32u, 20u));
  CHECK(layout(GgmlType::Q5_0) == std::pair(32u, 22u));
  CHECK(layout(GgmlType::Q5_1) == std::pair(32u, 24u));
  CHECK(layout(GgmlType::Q8_0) == std::pair(32u, 34u));
  CHECK(layout(GgmlType::Q8_1) == std::pair(32u, 36u));
  CHECK(layout(GgmlType::Q2_K) == std::pair(256u, 84u));
  CHECK(layout(GgmlType::Q3_K) == std::pair(256u, 110u));
  CHECK(layout(GgmlType::Q4_K) == std::pair(256u, 144u));
  CHECK(layout(GgmlType::Q5_K) == std::pair(256u, 176u));
  CHECK(layout(GgmlType::Q6_K) == std::pair(256u, 210u));
  CHECK(layout(GgmlType::Q8_K) == std::pair(256u, 292u));
  CHECK(layout(GgmlType::I8) == std::pair(1u, 1u));
  CHECK(layout(GgmlType::I64) == std::pair(1u, 8u));
  CHECK(layout(GgmlType::F64) == std::pair(1u, 8u));
  CHECK(ggmlTypeInfo(4) == nullptr); // retired Q4_2
  CHECK(ggmlTypeInfo(99) == nullptr);
  CHECK(ggmlTypeByName("q4_k")->type == GgmlType::Q4_K);
  CHECK(ggmlTypeByName("Q8_0")->type == GgmlType::Q8_0);
  CHECK(ggmlTypeByName("q8") == nullptr);
  CHECK(ggmlTypeByName("") == nullptr);
}

TEST_CASE("general.alignment places the data", "[gguf]") {
  Writer w;
  w.setAlignment(256);
  w.addTensor("a", {3}, GgmlType::F32, pattern(12, 1));
  w.addTensor("b", {5}, GgmlType::I8, pattern(5, 2));
  std::vector<unsigned char> bytes;
  REQUIRE(w.writeMemory(bytes));
  std::unique_ptr<File> f;
  std::unique_ptr<unsigned char[]> copy;
  REQUIRE(parseExact(bytes, f, copy));
  CHECK(f->alignment() == 256);
  REQUIRE(f->find("general.alignment"));
  CHECK(*f->find("general.alignment")->toUInt() == 256);
  CHECK(f->dataOffset() == 256);
  CHECK(f->tensors()[0].offset == 256);
  CHECK(f->tensors()[1].offset == 512);
  CHECK(bytes.size() == 517);
}

TEST_CASE("the writer refuses what the reader would", "[gguf]") {
  std::vector<unsigned char> bytes;
  auto error = [&](Writer &w) {
    rt::Status s = w.writeMemory(bytes);
    return s ? std::string() : s.message();
  };
  {
    Writer w;
    w.add("k", encodeUInt8(1));
    w.add("k", encodeUInt8(2));
    CHECK(error(w) == "duplicate key 'k'");
  }
  {
    Writer w;
    w.addTensor("t", {33}, GgmlType::Q4_0, std::vector<unsigned char>(18 * 2));
    CHECK(error(w) == "tensor 't': row length 33 is not a multiple of the Q4_0 block (32 elements)");
  }
  {
    Writer w;
    w.addTensor("t", {4}, GgmlType::F32, std::vector<unsigned char>(15));
    CHECK(error(w) == "tensor 't': 15 bytes of data for [4] of F32, which takes 16");
  }
  {
    Writer w;
    w.add("a", encodeArray(ValueType::Int8, {encodeUInt8(1)}));
    CHECK(error(w) == "key 'a': array item 0 is a uint8 in an array of int8");
  }
  {
    Writer w(1);
    CHECK(error(w) == "cannot write GGUF version 1 (only 2 and 3)");
  }
  {
    Writer w;
    w.setAlignment(48);
    CHECK(error(w) == "alignment 48 is not a power of two");
  }
}

TEST_CASE("open() maps a file and names it in errors", "[gguf]") {
  char path[] = "/tmp/thymos-gguf-test-XXXXXX";
  int fd = mkstemp(path);
  REQUIRE(fd >= 0);
  close(fd);
  Writer w;
  w.add("general.name", encodeString("mapped"));
  w.addTensor("x", {8}, GgmlType::F16, pattern(16, 3));
  REQUIRE(w.writeFile(path));
  std::unique_ptr<File> f;
  REQUIRE(File::open(path, f));
  CHECK(*f->find("general.name")->toString() == "mapped");
  CHECK(f->tensorData(*f->findTensor("x"))[0] == pattern(16, 3)[0]);
  REQUIRE(truncate(path, 40) == 0);
  rt::Status s = File::open(path, f);
  REQUIRE_FALSE(s);
  CHECK(s.message().rfind(std::string(path) + ": offset ", 0) == 0);
  std::remove(path);
  s = File::open(path, f);
  REQUIRE_FALSE(s);
  CHECK(s.message().find("cannot open") != std::string::npos);
}
