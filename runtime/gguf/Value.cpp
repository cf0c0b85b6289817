//===- Value.cpp - A typed GGUF metadata value -------------------------------===//

#include "runtime/gguf/Value.h"

#include <cstring>

namespace thymos::gguf {

namespace {

// GGUF is little-endian. Assembling the bytes one by one reads the file
// correctly on any host and never makes an unaligned load.
uint64_t loadBits(const unsigned char *p, size_t bytes) {
  uint64_t bits = 0;
  for (size_t i = 0; i < bytes; ++i)
    bits |= uint64_t(p[i]) << (8 * i);
  return bits;
}

bool isSigned(ValueType t) {
  return t == ValueType::Int8 || t == ValueType::Int16 || t == ValueType::Int32 ||
         t == ValueType::Int64;
}

int64_t signExtend(uint64_t bits, size_t bytes) {
  if (bytes == 8)
    return static_cast<int64_t>(bits);
  uint64_t sign = uint64_t(1) << (8 * bytes - 1);
  return static_cast<int64_t>((bits ^ sign) - sign);
}

} // namespace

const char *valueTypeName(ValueType type) {
  static const char *const kNames[kNumValueTypes] = {
      "uint8", "int8",   "uint16", "int16", "uint32", "int32",  "float32",
      "bool",  "string", "array",  "uint64", "int64", "float64"};
  uint32_t id = static_cast<uint32_t>(type);
  return id < kNumValueTypes ? kNames[id] : "unknown";
}

size_t scalarBytes(ValueType type) {
  switch (type) {
  case ValueType::UInt8:
  case ValueType::Int8:
  case ValueType::Bool:
    return 1;
  case ValueType::UInt16:
  case ValueType::Int16:
    return 2;
  case ValueType::UInt32:
  case ValueType::Int32:
  case ValueType::Float32:
    return 4;
  case ValueType::UInt64:
  case ValueType::Int64:
  case ValueType::Float64:
    return 8;
  case ValueType::String:
  case ValueType::Array:
    return 0;
  }
  return 0;
}

bool Value::isInteger() const {
  switch (type_) {
  case ValueType::UInt8:
  case ValueType::Int8:
  case ValueType::UInt16:
  case ValueType::Int16:
  case ValueType::UInt32:
  case ValueType::Int32:
  case ValueType::UInt64:
  case ValueType::Int64:
    return true;
  default:
    return false;
  }
}

std::optional<uint64_t> Value::toUInt() const {
  if (!isInteger())
    return std::nullopt;
  if (isSigned(type_) && signExtend(bits_, scalarBytes(type_)) < 0)
    return std::nullopt;
  return bits_;
}

std::optional<int64_t> Value::toInt() const {
  if (!isInteger())
    return std::nullopt;
  if (isSigned(type_))
    return signExtend(bits_, scalarBytes(type_));
  if (bits_ > uint64_t(INT64_MAX))
    return std::nullopt;
  return static_cast<int64_t>(bits_);
}

std::optional<double> Value::toFloat() const {
  if (type_ == ValueType::Float32) {
    uint32_t b = static_cast<uint32_t>(bits_);
    float f;
    std::memcpy(&f, &b, sizeof f);
    return f;
  }
  if (type_ == ValueType::Float64) {
    double d;
    std::memcpy(&d, &bits_, sizeof d);
    return d;
  }
  if (!isInteger())
    return std::nullopt;
  if (isSigned(type_))
    return static_cast<double>(signExtend(bits_, scalarBytes(type_)));
  return static_cast<double>(bits_);
}

std::optional<bool> Value::toBool() const {
  if (type_ != ValueType::Bool)
    return std::nullopt;
  return bits_ != 0;
}

std::optional<std::string_view> Value::toString() const {
  if (type_ != ValueType::String)
    return std::nullopt;
  return string_;
}

Value Value::at(uint64_t i) const {
  if (type_ != ValueType::Array || i >= count_)
    return Value();
  if (scalarBytes(elementType_) != 0)
    return scalar(elementType_, elements_ + i * scalarBytes(elementType_));
  return items_[i];
}

std::string_view Value::stringAt(uint64_t i) const {
  if (type_ != ValueType::Array || elementType_ != ValueType::String || i >= count_)
    return {};
  return items_[i].string_;
}

Value Value::scalar(ValueType type, const unsigned char *bytes) {
  Value v;
  v.type_ = type;
  v.bits_ = loadBits(bytes, scalarBytes(type));
  return v;
}

Value Value::string(std::string_view text) {
  Value v;
  v.type_ = ValueType::String;
  v.string_ = text;
  return v;
}

Value Value::scalarArray(ValueType elementType, const unsigned char *elements, uint64_t count) {
  Value v;
  v.type_ = ValueType::Array;
  v.elementType_ = elementType;
  v.elements_ = elements;
  v.count_ = count;
  return v;
}

Value Value::itemArray(ValueType elementType, std::vector<Value> items) {
  Value v;
  v.type_ = ValueType::Array;
  v.elementType_ = elementType;
  v.count_ = items.size();
  v.items_ = std::move(items);
  return v;
}

} // namespace thymos::gguf
