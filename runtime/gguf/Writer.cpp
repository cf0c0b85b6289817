//===- Writer.cpp - Writes GGUF files: any metadata, any tensors -------------===//

#include "runtime/gguf/Writer.h"

#include "runtime/CheckedSize.h"
#include "runtime/gguf/File.h"
#include "runtime/io/File.h"

#include <algorithm>
#include <cerrno>
#include <cstdio>
#include <cstring>
#include <new>
#include <optional>
#include <unordered_set>

namespace thymos::gguf {

namespace {

void putLE(std::vector<unsigned char> &out, uint64_t v, size_t bytes) {
  for (size_t i = 0; i < bytes; ++i)
    out.push_back(static_cast<unsigned char>(v >> (8 * i)));
}

void putString(std::vector<unsigned char> &out, std::string_view s) {
  putLE(out, s.size(), 8);
  out.insert(out.end(), s.begin(), s.end());
}

Encoded scalar(ValueType type, uint64_t bits) {
  Encoded e;
  e.type = type;
  putLE(e.bytes, bits, scalarBytes(type));
  return e;
}

/// The array header (element type, count) before `count` encodings.
Encoded arrayOf(ValueType elementType, uint64_t count) {
  Encoded e;
  e.type = ValueType::Array;
  e.elementType = elementType;
  putLE(e.bytes, static_cast<uint32_t>(elementType), 4);
  putLE(e.bytes, count, 8);
  return e;
}

} // namespace

Encoded encodeUInt8(uint8_t v) { return scalar(ValueType::UInt8, v); }
Encoded encodeInt8(int8_t v) { return scalar(ValueType::Int8, static_cast<uint8_t>(v)); }
Encoded encodeUInt16(uint16_t v) { return scalar(ValueType::UInt16, v); }
Encoded encodeInt16(int16_t v) { return scalar(ValueType::Int16, static_cast<uint16_t>(v)); }
Encoded encodeUInt32(uint32_t v) { return scalar(ValueType::UInt32, v); }
Encoded encodeInt32(int32_t v) { return scalar(ValueType::Int32, static_cast<uint32_t>(v)); }
Encoded encodeUInt64(uint64_t v) { return scalar(ValueType::UInt64, v); }
Encoded encodeInt64(int64_t v) { return scalar(ValueType::Int64, static_cast<uint64_t>(v)); }
Encoded encodeBool(bool v) { return scalar(ValueType::Bool, v ? 1 : 0); }

Encoded encodeFloat32(float v) {
  uint32_t bits;
  std::memcpy(&bits, &v, sizeof bits);
  return scalar(ValueType::Float32, bits);
}

Encoded encodeFloat64(double v) {
  uint64_t bits;
  std::memcpy(&bits, &v, sizeof bits);
  return scalar(ValueType::Float64, bits);
}

Encoded encodeString(std::string_view v) {
  Encoded e;
  e.type = ValueType::String;
  putString(e.bytes, v);
  return e;
}

Encoded encodeArray(ValueType elementType, const std::vector<Encoded> &items) {
  Encoded e = arrayOf(elementType, items.size());
  for (size_t i = 0; i < items.size(); ++i) {
    if (!items[i].error.empty() && e.error.empty())
      e.error = items[i].error;
    if (items[i].type != elementType && e.error.empty())
      e.error = std::string("array item ") + std::to_string(i) + " is a " +
                valueTypeName(items[i].type) + " in an array of " + valueTypeName(elementType);
    // An array element is written as a value without its type id: nested
    // arrays keep their own (element type, count) header.
    e.bytes.insert(e.bytes.end(), items[i].bytes.begin(), items[i].bytes.end());
  }
  return e;
}

Encoded encodeValue(const Value &value) {
  const ValueType type = value.type();
  switch (type) {
  case ValueType::String: return encodeString(*value.toString());
  case ValueType::Bool: return encodeBool(*value.toBool());
  case ValueType::Float32: return encodeFloat32(static_cast<float>(*value.toFloat()));
  case ValueType::Float64: return encodeFloat64(*value.toFloat());
  case ValueType::Array: {
    std::vector<Encoded> items;
    items.reserve(value.size());
    if (value.items().empty()) {
      for (uint64_t i = 0; i < value.size(); ++i)
        items.push_back(encodeValue(value.at(i)));
    } else {
      for (const Value &item : value.items())
        items.push_back(encodeValue(item));
    }
    return encodeArray(value.elementType(), items);
  }
  default: // the integers: their bits, sign or not, are the low bytes of either view
    if (std::optional<uint64_t> u = value.toUInt())
      return scalar(type, *u);
    return scalar(type, static_cast<uint64_t>(*value.toInt()));
  }
}

Encoded encodeArray(const std::vector<float> &values) {
  Encoded e = arrayOf(ValueType::Float32, values.size());
  for (float v : values) {
    uint32_t bits;
    std::memcpy(&bits, &v, sizeof bits);
    putLE(e.bytes, bits, 4);
  }
  return e;
}

Encoded encodeArray(const std::vector<int32_t> &values) {
  Encoded e = arrayOf(ValueType::Int32, values.size());
  for (int32_t v : values)
    putLE(e.bytes, static_cast<uint32_t>(v), 4);
  return e;
}

Encoded encodeArray(const std::vector<std::string> &values) {
  Encoded e = arrayOf(ValueType::String, values.size());
  for (const std::string &v : values)
    putString(e.bytes, v);
  return e;
}

void Writer::add(std::string key, Encoded value) {
  metadata_.emplace_back(std::move(key), std::move(value));
}

void Writer::addTensor(std::string name, std::vector<uint64_t> dims, GgmlType type, Fill fill) {
  tensors_.push_back({std::move(name), std::move(dims), static_cast<uint32_t>(type),
                      std::move(fill), {}});
}

void Writer::addTensor(std::string name, std::vector<uint64_t> dims, GgmlType type,
                       std::vector<unsigned char> bytes) {
  tensors_.push_back(
      {std::move(name), std::move(dims), static_cast<uint32_t>(type), nullptr, std::move(bytes)});
}

rt::Status Writer::layout(std::vector<uint64_t> &offsets, std::vector<uint64_t> &sizes,
                          std::vector<unsigned char> &head) const {
  if (version_ != 2 && version_ != 3)
    return rt::Status::error("cannot write GGUF version " + std::to_string(version_) +
                             " (only 2 and 3)");
  if (!isPowerOfTwo(alignment_))
    return rt::Status::error("alignment " + std::to_string(alignment_) +
                             " is not a power of two");
  std::unordered_set<std::string_view> keys;
  bool alignmentKey = false;
  for (const auto &[key, value] : metadata_) {
    if (key.empty())
      return rt::Status::error("metadata key is empty");
    if (!keys.insert(key).second)
      return rt::Status::error("duplicate key '" + key + "'");
    if (!value.error.empty())
      return rt::Status::error("key '" + key + "': " + value.error);
    if (key == "general.alignment") {
      uint32_t a = 0;
      if (value.type == ValueType::UInt32)
        for (size_t i = 0; i < 4; ++i)
          a |= uint32_t(value.bytes[i]) << (8 * i);
      if (value.type != ValueType::UInt32 || a != alignment_)
        return rt::Status::error("key 'general.alignment' must be the uint32 " +
                                 std::to_string(alignment_) + " (see setAlignment)");
      alignmentKey = true;
    }
  }
  bool addAlignmentKey = alignment_ != kDefaultAlignment && !alignmentKey;

  head.clear();
  putLE(head, 0x46554747, 4); // "GGUF"
  putLE(head, version_, 4);
  putLE(head, tensors_.size(), 8);
  putLE(head, metadata_.size() + (addAlignmentKey ? 1 : 0), 8);
  auto putKeyValue = [&](std::string_view key, const Encoded &value) {
    putString(head, key);
    putLE(head, static_cast<uint32_t>(value.type), 4);
    head.insert(head.end(), value.bytes.begin(), value.bytes.end());
  };
  for (const auto &[key, value] : metadata_)
    putKeyValue(key, value);
  if (addAlignmentKey)
    putKeyValue("general.alignment", encodeUInt32(alignment_));

  std::unordered_set<std::string_view> names;
  uint64_t next = 0;
  offsets.clear();
  sizes.clear();
  for (const Tensor &t : tensors_) {
    std::string owner = "tensor '" + t.name + "': ";
    if (t.name.empty() || t.name.size() > kMaxTensorName)
      return rt::Status::error(owner + "names must be 1 to 64 bytes long");
    if (!names.insert(t.name).second)
      return rt::Status::error("duplicate tensor name '" + t.name + "'");
    if (t.dims.empty() || t.dims.size() > kMaxDims)
      return rt::Status::error(owner + "rank " + std::to_string(t.dims.size()) +
                               " (must be 1 to 4)");
    uint64_t elements = 0, bytes = 0, offset = 0;
    std::string error;
    if (!tensorSize(t.type, t.dims, elements, bytes, error))
      return rt::Status::error(owner + error);
    if (!t.fill && t.data.size() != bytes)
      return rt::Status::error(owner + std::to_string(t.data.size()) + " bytes of data for " +
                               shapeText(t.dims) + " of " + ggmlTypeInfo(t.type)->name +
                               ", which takes " + std::to_string(bytes));
    if (!alignUp<uint64_t>(next, alignment_, offset) || !checkedAdd(offset, bytes, next))
      return rt::Status::error(owner + "the data section overflows");
    offsets.push_back(offset);
    sizes.push_back(bytes);
    putString(head, t.name);
    putLE(head, t.dims.size(), 4);
    for (uint64_t d : t.dims)
      putLE(head, d, 8);
    putLE(head, t.type, 4);
    putLE(head, offset, 8);
  }
  uint64_t dataOffset = 0;
  if (!alignUp<uint64_t>(head.size(), alignment_, dataOffset))
    return rt::Status::error("the data section offset overflows");
  head.resize(dataOffset, 0);
  return rt::Status::success();
}

rt::Status Writer::write(const std::function<bool(const unsigned char *, size_t)> &emit) const {
  std::vector<uint64_t> offsets, sizes;
  std::vector<unsigned char> head;
  if (rt::Status s = layout(offsets, sizes, head); !s)
    return s;
  if (!emit(head.data(), head.size()))
    return rt::Status::error("write failed");
  static const unsigned char kZeros[256] = {};
  std::vector<unsigned char> buffer; // reused: the largest tensor, not the model
  uint64_t at = 0;
  for (size_t i = 0; i < tensors_.size(); ++i) {
    for (; at < offsets[i]; at += std::min<uint64_t>(offsets[i] - at, sizeof kZeros))
      if (!emit(kZeros, std::min<uint64_t>(offsets[i] - at, sizeof kZeros)))
        return rt::Status::error("write failed");
    const Tensor &t = tensors_[i];
    const unsigned char *bytes = t.data.data();
    if (t.fill) {
      try {
        buffer.resize(sizes[i]);
      } catch (const std::bad_alloc &) {
        return rt::Status::error("tensor '" + t.name + "': cannot allocate " +
                                 std::to_string(sizes[i]) + " bytes");
      }
      t.fill(buffer.data(), sizes[i]);
      bytes = buffer.data();
    }
    if (!emit(bytes, sizes[i]))
      return rt::Status::error("write failed");
    at = offsets[i] + sizes[i];
  }
  return rt::Status::success();
}

rt::Status Writer::writeMemory(std::vector<unsigned char> &out) const {
  out.clear();
  return write([&](const unsigned char *p, size_t n) {
    out.insert(out.end(), p, p + n);
    return true;
  });
}

rt::Status Writer::writeFile(const std::string &path) const {
  // The shared output file: a failure leaves whatever `path` was untouched.
  rt::io::OutputFile file;
  if (rt::Status s = file.open(path); !s)
    return s;
  rt::Status written = rt::Status::success();
  rt::Status s = write([&](const unsigned char *p, size_t n) {
    written = file.write(p, n);
    return bool(written);
  });
  if (!written)
    return written;
  if (!s)
    return rt::Status::error(path + ": " + s.message());
  return file.commit();
}

} // namespace thymos::gguf
