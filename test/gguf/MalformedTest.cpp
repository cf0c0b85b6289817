//===- MalformedTest.cpp - Malformed GGUF files are errors, never crashes ----===//
//
// A corpus of broken files: every truncation of a valid one, huge counts and
// lengths, overflowing shapes, bad offsets and alignments, unknown types,
// duplicates; then random mutations. Each parses from an exactly sized heap
// copy (so AddressSanitizer sees any read past the end) and must give a
// one-line error; for the hand-made cases, the message is checked too.
//
//===----------------------------------------------------------------------===//

#include "GgufTestUtil.h"

#include "runtime/gguf/Writer.h"

#include <catch2/catch.hpp>

#include <random>

using namespace thymos;
using namespace thymos::gguf;
using namespace thymos::gguf::test;

namespace {

constexpr uint64_t kHuge = ~uint64_t(0);
constexpr uint32_t kF32 = 0, kQ4_0 = 2, kF64 = 28;

/// A small valid file with a bit of everything: strings, a nested array, a
/// bool, three tensors whose data ends exactly at the end of the file.
std::vector<unsigned char> validFile() {
  Writer w;
  w.add("general.architecture", encodeString("llama"));
  w.add("tokenizer.ggml.tokens", encodeArray(std::vector<std::string>{"<unk>", "a", "bc"}));
  w.add("x.nested", encodeArray(ValueType::Array,
                                {encodeArray(std::vector<int32_t>{1, 2}),
                                 encodeArray(ValueType::Bool, {encodeBool(true)})}));
  w.add("x.flag", encodeBool(false));
  w.add("x.eps", encodeFloat32(1e-5f));
  w.addTensor("a", {4, 2}, GgmlType::F32, std::vector<unsigned char>(32, 1));
  w.addTensor("q", {32}, GgmlType::Q4_0, std::vector<unsigned char>(18, 2));
  w.addTensor("n", {3}, GgmlType::F16, std::vector<unsigned char>(6, 3));
  std::vector<unsigned char> bytes;
  REQUIRE(w.writeMemory(bytes));
  return bytes;
}

/// Reads everything a successful parse exposes, so that a bad view into the
/// buffer shows up under AddressSanitizer; returns a checksum to use it.
uint64_t touchAll(const File &f) {
  uint64_t sum = f.version() + f.alignment() + f.dataOffset();
  for (const KeyValue &kv : f.metadata()) {
    sum += kv.key.size();
    const Value &v = kv.value;
    if (auto s = v.toString())
      for (char c : *s)
        sum += static_cast<unsigned char>(c);
    for (uint64_t i = 0; i < v.size(); ++i) {
      Value e = v.at(i);
      sum += e.toUInt().value_or(0) + e.toString().value_or("").size() + e.size();
    }
  }
  for (const TensorInfo &t : f.tensors()) {
    REQUIRE(t.offset >= f.dataOffset());
    REQUIRE(t.offset + t.bytes <= f.size());
    const unsigned char *p = f.tensorData(t);
    for (uint64_t i = 0; i < t.bytes; ++i)
      sum += p[i];
  }
  return sum;
}

/// Parses; on success touches everything, on failure checks the message.
bool parses(const std::vector<unsigned char> &bytes) {
  std::unique_ptr<File> f;
  std::unique_ptr<unsigned char[]> copy;
  rt::Status s = parseExact(bytes, f, copy);
  if (!s) {
    CHECK(s.message().rfind("offset ", 0) == 0);
    CHECK(s.message().find('\n') == std::string::npos);
    return false;
  }
  CHECK(touchAll(*f) > 0);
  return true;
}

/// A file with one tensor (after optional extra key-values).
std::vector<unsigned char> oneTensor(const std::vector<uint64_t> &dims, uint32_t type,
                                     uint64_t offset, uint64_t dataBytes,
                                     std::string_view name = "w") {
  return RawGguf().header(1, 0).tensor(name, dims, type, offset).data(dataBytes).bytes;
}

} // namespace

TEST_CASE("malformed: every truncation of a valid file is an error", "[gguf]") {
  std::vector<unsigned char> valid = validFile();
  REQUIRE(parses(valid));
  for (size_t n = 0; n < valid.size(); ++n) {
    std::vector<unsigned char> cut(valid.begin(), valid.begin() + n);
    INFO("truncated to " << n << " bytes");
    CHECK_FALSE(parses(cut));
  }
}

TEST_CASE("malformed: header", "[gguf]") {
  CHECK(parseError({}) == "offset 0: the magic \"GGUF\" needs 4 bytes, but only 0 are left");
  CHECK(parseError({'G', 'G', 'U'}) ==
        "offset 0: the magic \"GGUF\" needs 4 bytes, but only 3 are left");
  CHECK(parseError(RawGguf().u32(0x4c4c5547).u32(3).u64(0).u64(0).bytes) ==
        "offset 0: not a GGUF file (it starts with 'GULL', not 'GGUF')");
  CHECK(parseError(RawGguf().header(0, 0, 1).bytes) ==
        "offset 4: GGUF version 1 is not supported (only versions 2 and 3 are)");
  CHECK(parseError(RawGguf().header(0, 0, 4).bytes) ==
        "offset 4: unknown GGUF version 4 (only versions 2 and 3 are read)");
  CHECK(parseError(RawGguf().header(0, 0, 0x03000000).bytes) ==
        "offset 4: big-endian GGUF files are not supported");
  CHECK(parseError(RawGguf().header(0, 0).bytes).empty()); // empty but valid
  CHECK(parseError(RawGguf().header(0, 0, 2).bytes).empty());
}

TEST_CASE("malformed: huge counts and lengths", "[gguf]") {
  CHECK(parseError(RawGguf().header(uint64_t(1) << 63, 0).bytes) ==
        "offset 8: tensor count 9223372036854775808 is more than the 0 bytes after the header "
        "can hold");
  CHECK(parseError(RawGguf().header(0, kHuge).kvU32("k", 1).bytes) ==
        "offset 16: key-value count 18446744073709551615 is more than the 17 bytes after the "
        "header can hold");
  // A count that fits the file's size but not what follows the metadata.
  CHECK(parseError(RawGguf().header(2, 1).str("k").u32(8).str(std::string(60, 'x')).bytes) ==
        "offset 8: tensor count 2 is more than the 0 bytes after the metadata can hold");
  // String lengths: a key, a value.
  CHECK(parseError(RawGguf().header(0, 1).u64(kHuge).u32(0).u8(0).u8(0).bytes) ==
        "offset 24: key #0 is 18446744073709551615 bytes long, but only 6 bytes are left");
  CHECK(parseError(RawGguf().header(0, 1).str("s").u32(8).u64(kHuge - 3).bytes) ==
        "offset 37: key 's': string is 18446744073709551612 bytes long, but only 0 bytes are "
        "left");
  // Array lengths: overflowing count * size, strings, nested arrays.
  CHECK(parseError(RawGguf().header(0, 1).str("a").u32(9).u32(4).u64(uint64_t(1) << 62).bytes) ==
        "offset 37: key 'a': array of 4611686018427387904 uint32 does not fit in the 0 bytes "
        "left");
  CHECK(parseError(RawGguf().header(0, 1).str("a").u32(9).u32(8).u64(kHuge).u64(1).bytes) ==
        "offset 37: key 'a': array of 18446744073709551615 strings does not fit in the 8 bytes "
        "left");
  CHECK(parseError(RawGguf()
                       .header(0, 1)
                       .str("a")
                       .u32(9)
                       .u32(9)
                       .u64(1)
                       .u32(9)
                       .u64(kHuge / 2)
                       .bytes) ==
        "offset 49: key 'a'[]: array of 9223372036854775807 arrays does not fit in the 0 bytes "
        "left");
}

TEST_CASE("malformed: arrays nest at most 16 deep", "[gguf]") {
  auto nested = [](int depth) {
    RawGguf raw;
    raw.header(0, 1).str("deep").u32(9);
    for (int d = 1; d < depth; ++d)
      raw.u32(9).u64(1);
    raw.u32(0).u64(1).u8(7);
    return raw.bytes;
  };
  CHECK(parseError(nested(16)).empty());
  std::string error = parseError(nested(17));
  CHECK(error.find("arrays nest more than 16 deep") != std::string::npos);
  // Deep enough to overflow the stack if depth were not bounded.
  CHECK_FALSE(parseError(nested(100000)).empty());
}

TEST_CASE("malformed: value types", "[gguf]") {
  CHECK(parseError(RawGguf().header(0, 1).str("k").u32(13).u32(0).bytes) ==
        "offset 33: key 'k': unknown value type 13");
  CHECK(parseError(RawGguf().header(0, 1).str("k").u32(9).u32(99).u64(0).bytes) ==
        "offset 37: key 'k': unknown array element type 99");
  CHECK(parseError(RawGguf().header(0, 1).str("k").u32(7).u8(2).bytes) ==
        "offset 37: key 'k': bool value is 2 (must be 0 or 1)");
  CHECK(parseError(RawGguf().header(0, 1).str("k").u32(9).u32(7).u64(3).u8(1).u8(0).u8(9).bytes) ==
        "offset 51: key 'k': bool element 2 is 9 (must be 0 or 1)");
  CHECK(parseError(RawGguf().header(0, 1).str("k").u32(10).u32(0).bytes) ==
        "offset 37: key 'k': uint64 value needs 8 bytes, but only 4 are left");
  CHECK(parseError(RawGguf().header(0, 2).kvU32("k", 1).kvU32("k", 2).bytes) ==
        "offset 41: duplicate key 'k' (first at offset 24)");
  CHECK(parseError(RawGguf().header(0, 1).str("").u32(0).u8(0).u8(0).bytes) ==
        "offset 24: key #0 is empty");
}

TEST_CASE("malformed: general.alignment", "[gguf]") {
  auto withAlignment = [](uint32_t type, uint64_t value) {
    RawGguf raw;
    raw.header(0, 1).str("general.alignment").u32(type).le(value, type == 10 ? 8 : 4);
    return raw.bytes;
  };
  CHECK(parseError(withAlignment(4, 0)) == "offset 24: general.alignment is 0 (must be a power of two)");
  CHECK(parseError(withAlignment(4, 3)) == "offset 24: general.alignment is 3 (must be a power of two)");
  CHECK(parseError(withAlignment(10, 64)) ==
        "offset 24: key 'general.alignment' must be a uint32, not a uint64");
  CHECK(parseError(withAlignment(4, 1)).empty());
  CHECK(parseError(withAlignment(4, uint64_t(1) << 31)).empty());
}

TEST_CASE("malformed: tensor shapes and types", "[gguf]") {
  CHECK(parseError(oneTensor({4}, 99, 0, 16)) == "offset 45: tensor 'w': unknown ggml type 99");
  CHECK(parseError(oneTensor({4}, 4, 0, 16)) == "offset 45: tensor 'w': unknown ggml type 4");
  CHECK(parseError(oneTensor({}, kF32, 0, 16)) == "offset 33: tensor 'w': rank 0 (must be 1 to 4)");
  CHECK(parseError(oneTensor({1, 1, 1, 1, 1}, kF32, 0, 16)) ==
        "offset 33: tensor 'w': rank 5 (must be 1 to 4)");
  CHECK(parseError(oneTensor({1, 1, 1, 1}, kF32, 0, 4)).empty());
  CHECK(parseError(oneTensor({4, 0}, kF32, 0, 16)) ==
        "offset 37: tensor 'w': dimension 1 is 0 (must be between 1 and 2^63-1)");
  CHECK(parseError(oneTensor({uint64_t(1) << 63}, kF32, 0, 16)) ==
        "offset 37: tensor 'w': dimension 0 is 9223372036854775808 (must be between 1 and "
        "2^63-1)");
  // Products: past 2^64, and past INT64_MAX but not 2^64.
  CHECK(parseError(oneTensor({uint64_t(1) << 40, uint64_t(1) << 30}, kF32, 0, 16)) ==
        "offset 37: tensor 'w': element count overflows ([1099511627776, 1073741824])");
  CHECK(parseError(oneTensor({uint64_t(1) << 32, uint64_t(1) << 31}, kF32, 0, 16)) ==
        "offset 37: tensor 'w': element count overflows ([4294967296, 2147483648])");
  CHECK(parseError(oneTensor({uint64_t(1) << 31, uint64_t(1) << 31}, kF64, 0, 16)) ==
        "offset 37: tensor 'w': byte size overflows ([2147483648, 2147483648] of F64)");
  CHECK(parseError(oneTensor({33}, kQ4_0, 0, 36)) ==
        "offset 37: tensor 'w': row length 33 is not a multiple of the Q4_0 block (32 elements)");
  CHECK(parseError(oneTensor({4}, kF32, 0, 16, "")) == "offset 24: tensor #0 has an empty name");
  CHECK(parseError(oneTensor({4}, kF32, 0, 16, std::string(65, 'n'))) ==
        "offset 24: tensor '" + std::string(48, 'n') +
            "...': name is 65 bytes long (at most 64)");
  CHECK(parseError(oneTensor({4}, kF32, 0, 16, std::string(64, 'n'))).empty());
}

TEST_CASE("malformed: tensor data placement", "[gguf]") {
  CHECK(parseError(oneTensor({4}, kF32, 0, 16)).empty());
  CHECK(parseError(oneTensor({4}, kF32, 0, 15)) ==
        "offset 49: tensor 'w': data (16 bytes at data offset 0) extends past the end of the "
        "file (79 bytes)");
  CHECK(parseError(oneTensor({4}, kF32, 7, 64)) ==
        "offset 49: tensor 'w': data offset 7 is not a multiple of the alignment 32");
  CHECK(parseError(oneTensor({4}, kF32, 1024, 64)) ==
        "offset 49: tensor 'w': data (16 bytes at data offset 1024) extends past the end of "
        "the file (128 bytes)");
  // An aligned offset whose sum with the data section's start wraps.
  CHECK(parseError(oneTensor({4}, kF32, kHuge - 31, 64)) ==
        "offset 49: tensor 'w': data (16 bytes at data offset 18446744073709551584) extends "
        "past the end of the file (128 bytes)");
  std::vector<unsigned char> overlap =
      RawGguf().header(2, 0).tensor("a", {16}, kF32, 0).tensor("b", {4}, kF32, 32).data(80).bytes;
  CHECK(parseError(overlap) == "offset 82: tensor 'b': data overlaps tensor 'a'");
  std::vector<unsigned char> same =
      RawGguf().header(2, 0).tensor("a", {4}, kF32, 0).tensor("b", {4}, kF32, 0).data(16).bytes;
  CHECK(parseError(same) == "offset 82: tensor 'b': data overlaps tensor 'a'");
  // Out of file order but disjoint is fine.
  std::vector<unsigned char> swapped =
      RawGguf().header(2, 0).tensor("a", {4}, kF32, 32).tensor("b", {4}, kF32, 0).data(48).bytes;
  CHECK(parseError(swapped).empty());
  std::vector<unsigned char> dup =
      RawGguf().header(2, 0).tensor("a", {4}, kF32, 0).tensor("a", {4}, kF32, 32).data(48).bytes;
  CHECK(parseError(dup) == "offset 57: duplicate tensor name 'a'");
  // With general.alignment, offsets follow it.
  std::vector<unsigned char> aligned64 = RawGguf()
                                             .header(1, 1)
                                             .kvU32("general.alignment", 64)
                                             .tensor("w", {4}, kF32, 32)
                                             .data(64 + 16, 64)
                                             .bytes;
  CHECK(parseError(aligned64) ==
        "offset 82: tensor 'w': data offset 32 is not a multiple of the alignment 64");
}

TEST_CASE("malformed: names in messages are escaped", "[gguf]") {
  std::string error = parseError(RawGguf().header(0, 1).str("a\nb\x01'").u32(13).bytes);
  CHECK(error == "offset 37: key 'a\\x0ab\\x01\\x27': unknown value type 13");
}

TEST_CASE("malformed: random mutations never crash", "[gguf]") {
  std::vector<unsigned char> valid = validFile();
  std::mt19937_64 random(20240611);
  int parsed = 0;
  for (int trial = 0; trial < 20000; ++trial) {
    std::vector<unsigned char> bytes = valid;
    int edits = 1 + int(random() % 4);
    for (int e = 0; e < edits; ++e) {
      size_t at = random() % bytes.size();
      switch (random() % 4) {
      case 0: // a random byte
        bytes[at] = static_cast<unsigned char>(random());
        break;
      case 1: // a bit flip
        bytes[at] ^= static_cast<unsigned char>(1u << (random() % 8));
        break;
      case 2: // an extreme byte in a length or count
        bytes[at] = (random() % 2) ? 0xff : 0x00;
        break;
      default: // a cut
        bytes.resize(at);
        break;
      }
      if (bytes.empty())
        break;
    }
    parsed += parses(bytes);
  }
  // Most mutations land in tensor data or padding and still parse.
  CHECK(parsed > 1000);
}
