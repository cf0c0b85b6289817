//===- File.cpp - A validating reader for GGUF files (versions 2 and 3) ------===//
//
// Layout, all little-endian:
//   "GGUF"  u32 version  u64 n_tensors  u64 n_kv
//   n_kv x      { string key, u32 value type, value }
//   n_tensors x { string name, u32 n_dims, u64 ne[n_dims], u32 ggml type,
//                 u64 offset (relative to the data section) }
//   padding to the alignment, then the data section.
// A string is a u64 byte length and the bytes; an array is a u32 element
// type, a u64 count and the elements.
//
// The parser reads strictly forward through a cursor that never passes the
// end: a length is compared with the bytes left before anything uses it, and
// a count is compared with the least room its elements could take before
// anything is reserved for them.
//
//===----------------------------------------------------------------------===//

#include "runtime/gguf/File.h"

#include "runtime/CheckedSize.h"

#include <algorithm>
#include <cstdio>

namespace thymos::gguf {

namespace {

/// At most 48 bytes of a name from the file, with unprintable bytes escaped,
/// so that a message stays one readable line whatever the file holds.
std::string printable(std::string_view text) {
  std::string out;
  size_t n = std::min<size_t>(text.size(), 48);
  for (size_t i = 0; i < n; ++i) {
    unsigned char c = static_cast<unsigned char>(text[i]);
    if (c >= 0x20 && c < 0x7f && c != '\\' && c != '\'') {
      out += static_cast<char>(c);
      continue;
    }
    char buf[8];
    std::snprintf(buf, sizeof buf, "\\x%02x", c);
    out += buf;
  }
  if (text.size() > n)
    out += "...";
  return out;
}

std::string num(uint64_t v) { return std::to_string(v); }

// The least bytes one element of each kind can occupy: counts are bounded by
// these before anything is allocated for them.
constexpr uint64_t kMinKeyValueBytes = 8 + 1 + 4 + 1; // key length, key, type, a uint8
constexpr uint64_t kMinTensorInfoBytes = 8 + 1 + 4 + 8 + 4 + 8;
constexpr uint64_t kMinStringBytes = 8;
constexpr uint64_t kMinArrayBytes = 4 + 8;

} // namespace

class Parser {
public:
  explicit Parser(File &file) : f_(file) {}
  rt::Status run();

private:
  rt::Status header(uint64_t &tensorCount, uint64_t &kvCount);
  rt::Status keyValue(uint64_t index);
  rt::Status value(ValueType type, uint32_t depth, const std::string &owner, Value &out);
  rt::Status array(uint32_t depth, const std::string &owner, Value &out);
  rt::Status alignment();
  rt::Status tensorInfo(uint64_t index, std::vector<uint64_t> &offsetFieldAt);
  rt::Status placeData(const std::vector<uint64_t> &offsetFieldAt);

  uint64_t left() const { return f_.size_ - pos_; }
  const unsigned char *here() const { return f_.data_ + pos_; }
  rt::Status fail(uint64_t at, const std::string &message) const {
    return rt::Status::error("offset " + num(at) + ": " + message);
  }
  /// The error for `owner`'s `what` (`bytes` long) not fitting in what is
  /// left. Messages are put together only on failure: the happy path reads
  /// each of a vocabulary's strings without building one.
  rt::Status truncated(const std::string &owner, const char *what, uint64_t bytes) const {
    return fail(pos_, owner + what + " needs " + num(bytes) + " bytes, but only " + num(left()) +
                          " are left");
  }
  uint64_t load(size_t bytes) {
    uint64_t v = 0;
    for (size_t i = 0; i < bytes; ++i)
      v |= uint64_t(f_.data_[pos_ + i]) << (8 * i);
    pos_ += bytes;
    return v;
  }
  rt::Status u32(uint32_t &v, const std::string &owner, const char *what) {
    if (left() < 4)
      return truncated(owner, what, 4);
    v = static_cast<uint32_t>(load(4));
    return rt::Status::success();
  }
  rt::Status u64(uint64_t &v, const std::string &owner, const char *what) {
    if (left() < 8)
      return truncated(owner, what, 8);
    v = load(8);
    return rt::Status::success();
  }
  rt::Status string(std::string_view &s, const std::string &owner, const char *what);

  File &f_;
  uint64_t pos_ = 0;
};

rt::Status Parser::string(std::string_view &s, const std::string &owner, const char *what) {
  uint64_t at = pos_;
  uint64_t length = 0;
  if (left() < 8)
    return truncated(owner, (std::string(what) + " length").c_str(), 8);
  length = load(8);
  if (length > left())
    return fail(at, owner + what + " is " + num(length) + " bytes long, but only " +
                        num(left()) + " bytes are left");
  s = std::string_view(reinterpret_cast<const char *>(here()), length);
  pos_ += length;
  return rt::Status::success();
}

rt::Status Parser::header(uint64_t &tensorCount, uint64_t &kvCount) {
  if (left() < 4)
    return truncated("the magic \"GGUF\"", "", 4);
  if (here()[0] != 'G' || here()[1] != 'G' || here()[2] != 'U' || here()[3] != 'F')
    return fail(0, "not a GGUF file (it starts with '" +
                       printable(std::string_view(reinterpret_cast<const char *>(here()), 4)) +
                       "', not 'GGUF')");
  pos_ = 4;
  uint32_t version = 0;
  if (rt::Status s = u32(version, "the version", ""); !s)
    return s;
  if (version != 2 && version != 3) {
    uint32_t swapped = __builtin_bswap32(version);
    if (swapped >= 1 && swapped <= 3)
      return fail(4, "big-endian GGUF files are not supported");
    if (version == 1)
      return fail(4, "GGUF version 1 is not supported (only versions 2 and 3 are)");
    return fail(4, "unknown GGUF version " + num(version) + " (only versions 2 and 3 are read)");
  }
  f_.version_ = version;
  if (rt::Status s = u64(tensorCount, "the tensor count", ""); !s)
    return s;
  if (rt::Status s = u64(kvCount, "the key-value count", ""); !s)
    return s;
  // Bound both counts by the file's size now: a huge count fails here rather
  // than after a long walk.
  if (kvCount > left() / kMinKeyValueBytes)
    return fail(16, "key-value count " + num(kvCount) + " is more than the " + num(left()) +
                        " bytes after the header can hold");
  if (tensorCount > left() / kMinTensorInfoBytes)
    return fail(8, "tensor count " + num(tensorCount) + " is more than the " + num(left()) +
                       " bytes after the header can hold");
  return rt::Status::success();
}

rt::Status Parser::value(ValueType type, uint32_t depth, const std::string &owner, Value &out) {
  if (type == ValueType::Array)
    return array(depth + 1, owner, out);
  if (type == ValueType::String) {
    std::string_view text;
    if (rt::Status s = string(text, owner, ": string"); !s)
      return s;
    out = Value::string(text);
    return rt::Status::success();
  }
  size_t bytes = scalarBytes(type);
  if (left() < bytes)
    return truncated(owner + ": " + valueTypeName(type), " value", bytes);
  if (type == ValueType::Bool && here()[0] > 1)
    return fail(pos_, owner + ": bool value is " + num(here()[0]) + " (must be 0 or 1)");
  out = Value::scalar(type, here());
  pos_ += bytes;
  return rt::Status::success();
}

rt::Status Parser::array(uint32_t depth, const std::string &owner, Value &out) {
  uint64_t at = pos_;
  if (depth > kMaxArrayDepth)
    return fail(at, owner + ": arrays nest more than " + num(kMaxArrayDepth) + " deep");
  uint32_t typeId = 0;
  uint64_t count = 0;
  if (rt::Status s = u32(typeId, owner, ": array element type"); !s)
    return s;
  if (typeId >= kNumValueTypes)
    return fail(at, owner + ": unknown array element type " + num(typeId));
  if (rt::Status s = u64(count, owner, ": array length"); !s)
    return s;
  ValueType type = static_cast<ValueType>(typeId);
  auto tooLong = [&] {
    return fail(at, owner + ": array of " + num(count) + " " + valueTypeName(type) +
                        (type == ValueType::String || type == ValueType::Array ? "s" : "") +
                        " does not fit in the " + num(left()) + " bytes left");
  };
  if (size_t bytes = scalarBytes(type)) {
    uint64_t total = 0;
    if (!checkedMul(count, bytes, total) || total > left())
      return tooLong();
    if (type == ValueType::Bool)
      for (uint64_t i = 0; i < count; ++i)
        if (here()[i] > 1)
          return fail(pos_ + i, owner + ": bool element " + num(i) + " is " + num(here()[i]) +
                                    " (must be 0 or 1)");
    out = Value::scalarArray(type, here(), count);
    pos_ += total;
    return rt::Status::success();
  }
  uint64_t least = type == ValueType::String ? kMinStringBytes : kMinArrayBytes;
  if (count > left() / least)
    return tooLong();
  std::vector<Value> items;
  items.reserve(count);
  std::string element = owner + "[]";
  for (uint64_t i = 0; i < count; ++i) {
    Value item;
    if (rt::Status s = value(type, depth, element, item); !s)
      return s;
    items.push_back(std::move(item));
  }
  out = Value::itemArray(type, std::move(items));
  return rt::Status::success();
}

rt::Status Parser::keyValue(uint64_t index) {
  uint64_t at = pos_;
  std::string_view key;
  if (rt::Status s = string(key, "key #" + num(index), ""); !s)
    return s;
  if (key.empty())
    return fail(at, "key #" + num(index) + " is empty");
  std::string owner = "key '" + printable(key) + "'";
  if (auto it = f_.keyIndex_.find(key); it != f_.keyIndex_.end())
    return fail(at, "duplicate " + owner + " (first at offset " +
                        num(f_.metadata_[it->second].offset) + ")");
  uint64_t typeAt = pos_;
  uint32_t typeId = 0;
  if (rt::Status s = u32(typeId, owner, ": value type"); !s)
    return s;
  if (typeId >= kNumValueTypes)
    return fail(typeAt, owner + ": unknown value type " + num(typeId));
  KeyValue kv;
  kv.key = std::string(key);
  kv.offset = at;
  if (rt::Status s = value(static_cast<ValueType>(typeId), 0, owner, kv.value); !s)
    return s;
  f_.keyIndex_.emplace(key, f_.metadata_.size());
  f_.metadata_.push_back(std::move(kv));
  return rt::Status::success();
}

rt::Status Parser::alignment() {
  auto it = f_.keyIndex_.find("general.alignment");
  if (it == f_.keyIndex_.end())
    return rt::Status::success();
  const KeyValue &kv = f_.metadata_[it->second];
  if (kv.value.type() != ValueType::UInt32)
    return fail(kv.offset, std::string("key 'general.alignment' must be a uint32, not a ") +
                               valueTypeName(kv.value.type()));
  uint64_t a = *kv.value.toUInt();
  if (!isPowerOfTwo(a))
    return fail(kv.offset, "general.alignment is " + num(a) + " (must be a power of two)");
  f_.alignment_ = static_cast<uint32_t>(a);
  return rt::Status::success();
}

rt::Status Parser::tensorInfo(uint64_t index, std::vector<uint64_t> &offsetFieldAt) {
  uint64_t at = pos_;
  std::string_view name;
  if (rt::Status s = string(name, "tensor #" + num(index), " name"); !s)
    return s;
  if (name.empty())
    return fail(at, "tensor #" + num(index) + " has an empty name");
  std::string owner = "tensor '" + printable(name) + "'";
  if (name.size() > kMaxTensorName)
    return fail(at, owner + ": name is " + num(name.size()) + " bytes long (at most " +
                        num(kMaxTensorName) + ")");
  if (auto it = f_.tensorIndex_.find(name); it != f_.tensorIndex_.end())
    return fail(at, "duplicate tensor name '" + printable(name) + "'");
  uint64_t rankAt = pos_;
  uint32_t rank = 0;
  if (rt::Status s = u32(rank, owner, ": rank"); !s)
    return s;
  if (rank == 0 || rank > kMaxDims)
    return fail(rankAt, owner + ": rank " + num(rank) + " (must be 1 to " + num(kMaxDims) + ")");
  TensorInfo info;
  info.name = std::string(name);
  uint64_t dimsAt = pos_;
  if (left() < uint64_t(rank) * 8)
    return truncated(owner + ": " + num(rank), " dimensions", uint64_t(rank) * 8);
  for (uint32_t d = 0; d < rank; ++d)
    info.dims.push_back(load(8));
  uint64_t typeAt = pos_;
  if (rt::Status s = u32(info.type, owner, ": ggml type"); !s)
    return s;
  uint64_t offsetAt = pos_;
  uint64_t relative = 0;
  if (rt::Status s = u64(relative, owner, ": data offset"); !s)
    return s;
  if (!ggmlTypeInfo(info.type))
    return fail(typeAt, owner + ": unknown ggml type " + num(info.type));
  std::string error;
  if (!tensorSize(info.type, info.dims, info.elements, info.bytes, error))
    return fail(dimsAt, owner + ": " + error);
  if (relative % f_.alignment_ != 0)
    return fail(offsetAt, owner + ": data offset " + num(relative) +
                              " is not a multiple of the alignment " + num(f_.alignment_));
  info.offset = relative; // made absolute by placeData()
  f_.tensorIndex_.emplace(name, f_.tensors_.size());
  f_.tensors_.push_back(std::move(info));
  offsetFieldAt.push_back(offsetAt);
  return rt::Status::success();
}

rt::Status Parser::placeData(const std::vector<uint64_t> &offsetFieldAt) {
  uint64_t dataOffset = 0;
  if (!alignUp<uint64_t>(pos_, f_.alignment_, dataOffset))
    return fail(pos_, "the data section offset overflows");
  f_.dataOffset_ = dataOffset;
  std::vector<size_t> order(f_.tensors_.size());
  for (size_t i = 0; i < order.size(); ++i) {
    TensorInfo &t = f_.tensors_[i];
    uint64_t begin = 0, end = 0;
    if (!checkedAdd(dataOffset, t.offset, begin) || !checkedAdd(begin, t.bytes, end) ||
        end > f_.size_)
      return fail(offsetFieldAt[i], "tensor '" + printable(t.name) + "': data (" +
                                        num(t.bytes) + " bytes at data offset " + num(t.offset) +
                                        ") extends past the end of the file (" +
                                        num(f_.size_) + " bytes)");
    t.offset = begin;
    order[i] = i;
  }
  // Stable: of two tensors at one offset, the later in the file is named.
  std::stable_sort(order.begin(), order.end(), [&](size_t a, size_t b) {
    return f_.tensors_[a].offset < f_.tensors_[b].offset;
  });
  for (size_t k = 1; k < order.size(); ++k) {
    const TensorInfo &prev = f_.tensors_[order[k - 1]];
    const TensorInfo &cur = f_.tensors_[order[k]];
    if (prev.offset + prev.bytes > cur.offset)
      return fail(offsetFieldAt[order[k]], "tensor '" + printable(cur.name) +
                                               "': data overlaps tensor '" +
                                               printable(prev.name) + "'");
  }
  return rt::Status::success();
}

rt::Status Parser::run() {
  uint64_t tensorCount = 0, kvCount = 0;
  if (rt::Status s = header(tensorCount, kvCount); !s)
    return s;
  f_.metadata_.reserve(kvCount);
  for (uint64_t k = 0; k < kvCount; ++k)
    if (rt::Status s = keyValue(k); !s)
      return s;
  if (rt::Status s = alignment(); !s)
    return s;
  if (tensorCount > left() / kMinTensorInfoBytes)
    return fail(8, "tensor count " + num(tensorCount) + " is more than the " + num(left()) +
                       " bytes after the metadata can hold");
  f_.tensors_.reserve(tensorCount);
  std::vector<uint64_t> offsetFieldAt;
  offsetFieldAt.reserve(tensorCount);
  for (uint64_t t = 0; t < tensorCount; ++t)
    if (rt::Status s = tensorInfo(t, offsetFieldAt); !s)
      return s;
  return placeData(offsetFieldAt);
}

rt::Status File::parse(const unsigned char *data, size_t size, std::unique_ptr<File> &out) {
  if (!data && size != 0)
    return rt::Status::error("offset 0: no data to parse");
  std::unique_ptr<File> file(new File());
  file->data_ = data;
  file->size_ = size;
  if (rt::Status s = Parser(*file).run(); !s)
    return s;
  out = std::move(file);
  return rt::Status::success();
}

rt::Status File::open(const std::string &path, std::unique_ptr<File> &out) {
  std::unique_ptr<rt::MappedFile> mapping;
  if (rt::Status s = rt::MappedFile::open(path, mapping); !s)
    return s;
  std::unique_ptr<File> file;
  if (rt::Status s = parse(mapping->data(), mapping->size(), file); !s)
    return rt::Status::error(path + ": " + s.message());
  file->mapping_ = std::move(mapping);
  out = std::move(file);
  return rt::Status::success();
}

const Value *File::find(std::string_view key) const {
  auto it = keyIndex_.find(key);
  return it == keyIndex_.end() ? nullptr : &metadata_[it->second].value;
}

const TensorInfo *File::findTensor(std::string_view name) const {
  auto it = tensorIndex_.find(name);
  return it == tensorIndex_.end() ? nullptr : &tensors_[it->second];
}

} // namespace thymos::gguf
