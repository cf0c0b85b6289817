//===- Writer.h - Writes GGUF files: any metadata, any tensors ---------------===//
//
// Used by `thymos-gguf synth-llama` and by tests for fixtures. Metadata values
// are encoded up front (Encoded: a type and its bytes); tensor data can come
// from a callback at write time, so that a large model is produced one tensor
// at a time and never whole in memory.
//
//   gguf::Writer w;                                  // version 3, alignment 32
//   w.add("general.architecture", gguf::encodeString("llama"));
//   w.add("tokenizer.ggml.scores", gguf::encodeArray(scores));
//   w.addTensor("output_norm.weight", {64}, gguf::GgmlType::F32, bytes);
//   rt::Status s = w.writeFile("m.gguf");
//
// The writer refuses what the reader would refuse (duplicate keys or names,
// bad shapes, a data size that does not match the shape), so what it writes
// reads back. Malformed files for tests are made from raw bytes instead.
//
//===----------------------------------------------------------------------===//
#pragma once

#include "runtime/Status.h"
#include "runtime/gguf/GgmlType.h"
#include "runtime/gguf/Value.h"

#include <cstdint>
#include <functional>
#include <string>
#include <string_view>
#include <vector>

namespace thymos::gguf {

/// A metadata value, encoded as the file stores it (without its type id).
struct Encoded {
  ValueType type = ValueType::UInt8;
  ValueType elementType = ValueType::UInt8; // arrays only
  std::vector<unsigned char> bytes;
  std::string error; // set when the value cannot be encoded (reported on write)
};

Encoded encodeUInt8(uint8_t v);
Encoded encodeInt8(int8_t v);
Encoded encodeUInt16(uint16_t v);
Encoded encodeInt16(int16_t v);
Encoded encodeUInt32(uint32_t v);
Encoded encodeInt32(int32_t v);
Encoded encodeUInt64(uint64_t v);
Encoded encodeInt64(int64_t v);
Encoded encodeFloat32(float v);
Encoded encodeFloat64(double v);
Encoded encodeBool(bool v);
Encoded encodeString(std::string_view v);
/// An array of `elementType`: every item must have that type (arrays of
/// arrays may mix element types, as the format allows).
Encoded encodeArray(ValueType elementType, const std::vector<Encoded> &items);
/// A value read from a file, encoded again as it was (to copy metadata).
Encoded encodeValue(const Value &value);
/// Shorthands for the common homogeneous arrays.
Encoded encodeArray(const std::vector<float> &values);
Encoded encodeArray(const std::vector<int32_t> &values);
Encoded encodeArray(const std::vector<std::string> &values);

class Writer {
public:
  /// Fills `bytes` bytes at `out` with a tensor's data.
  using Fill = std::function<void(unsigned char *out, uint64_t bytes)>;

  explicit Writer(uint32_t version = 3) : version_(version) {}

  /// Tensor data alignment. Anything but the default 32 is also written as
  /// general.alignment (uint32), unless that key was added explicitly.
  void setAlignment(uint32_t alignment) { alignment_ = alignment; }
  void add(std::string key, Encoded value);
  /// A tensor of ggml type `type` and dimensions `dims` (ne0 first), whose
  /// bytes `fill` writes when the file is written.
  void addTensor(std::string name, std::vector<uint64_t> dims, GgmlType type, Fill fill);
  /// The same with the bytes given now (their count must match the shape).
  void addTensor(std::string name, std::vector<uint64_t> dims, GgmlType type,
                 std::vector<unsigned char> bytes);

  rt::Status writeFile(const std::string &path) const;
  rt::Status writeMemory(std::vector<unsigned char> &out) const;

private:
  struct Tensor {
    std::string name;
    std::vector<uint64_t> dims;
    uint32_t type;
    Fill fill;                       // or
    std::vector<unsigned char> data; // when given up front
  };
  /// Checks everything, sizes and places the tensors (offsets relative to the
  /// data section), and encodes the file up to the data section, padded.
  rt::Status layout(std::vector<uint64_t> &offsets, std::vector<uint64_t> &sizes,
                    std::vector<unsigned char> &head) const;
  /// Writes the file through `emit`, which returns false on an I/O error.
  rt::Status write(const std::function<bool(const unsigned char *, size_t)> &emit) const;

  uint32_t version_;
  uint32_t alignment_ = 32;
  std::vector<std::pair<std::string, Encoded>> metadata_;
  std::vector<Tensor> tensors_;
};

} // namespace thymos::gguf
