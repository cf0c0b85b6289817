//===- Value.h - A typed GGUF metadata value ---------------------------------===//
//
// GGUF metadata values are scalars (8- to 64-bit integers, float32/64, bool),
// strings, or arrays of one element type, arrays included. A Value does not
// copy the file: strings and scalar-array elements are read in place, so a
// Value is valid only while the gguf::File it came from lives.
//
//   const Value *v = file->find("llama.embedding_length");
//   if (auto dim = v ? v->toUInt() : std::nullopt) ...
//   const Value *tokens = file->find("tokenizer.ggml.tokens");
//   for (uint64_t i = 0; i < tokens->size(); ++i) tokens->stringAt(i) ...
//
//===----------------------------------------------------------------------===//
#pragma once

#include <cstddef>
#include <cstdint>
#include <optional>
#include <string_view>
#include <vector>

namespace thymos::gguf {

/// The value type ids of the format (append-only, like ggml's tensor types).
enum class ValueType : uint32_t {
  UInt8 = 0,
  Int8 = 1,
  UInt16 = 2,
  Int16 = 3,
  UInt32 = 4,
  Int32 = 5,
  Float32 = 6,
  Bool = 7,
  String = 8,
  Array = 9,
  UInt64 = 10,
  Int64 = 11,
  Float64 = 12,
};
inline constexpr uint32_t kNumValueTypes = 13;

/// "uint8", "float32", "string", "array", ...; "unknown" past the table.
const char *valueTypeName(ValueType type);
/// Bytes of a scalar's encoding (bool: 1); 0 for String and Array.
size_t scalarBytes(ValueType type);

class Value {
public:
  ValueType type() const { return type_; }

  bool isInteger() const;
  bool isFloat() const { return type_ == ValueType::Float32 || type_ == ValueType::Float64; }
  bool isArray() const { return type_ == ValueType::Array; }

  /// An integer of any width whose value fits the result; nullopt otherwise
  /// (wrong type, negative for toUInt, above INT64_MAX for toInt).
  std::optional<uint64_t> toUInt() const;
  std::optional<int64_t> toInt() const;
  /// Any integer or float, as a double.
  std::optional<double> toFloat() const;
  std::optional<bool> toBool() const;
  std::optional<std::string_view> toString() const;

  /// Arrays: the element type and count (0 and UInt8 for non-arrays).
  ValueType elementType() const { return elementType_; }
  uint64_t size() const { return count_; }
  /// Element `i` (< size()) of an array. Scalar elements are decoded from the
  /// file; string and array elements are copies of the parsed tree (cheap for
  /// strings; use items() to walk nested arrays without copying).
  Value at(uint64_t i) const;
  /// Element `i` of an array of strings (empty for other arrays).
  std::string_view stringAt(uint64_t i) const;
  /// The elements of an array of strings or of arrays (empty for scalar arrays).
  const std::vector<Value> &items() const { return items_; }

  // Built by the reader ----------------------------------------------------
  static Value scalar(ValueType type, const unsigned char *bytes);
  static Value string(std::string_view text);
  static Value scalarArray(ValueType elementType, const unsigned char *elements, uint64_t count);
  static Value itemArray(ValueType elementType, std::vector<Value> items);

private:
  ValueType type_ = ValueType::UInt8;
  uint64_t bits_ = 0;          // scalars: the little-endian bits, zero-extended
  std::string_view string_;    // String
  ValueType elementType_ = ValueType::UInt8;
  uint64_t count_ = 0;         // arrays
  const unsigned char *elements_ = nullptr; // scalar arrays: count_ encodings, in the file
  std::vector<Value> items_;   // arrays of strings or arrays
};

} // namespace thymos::gguf
