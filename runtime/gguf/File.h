//===- File.h - A validating reader for GGUF files (versions 2 and 3) --------===//
//
// GGUF is ggml's model file: a header, typed key-value metadata, a table of
// tensor infos, then the tensor data, aligned. This reader treats a file as
// untrusted input. Before anything is allocated or read, every count, string
// length, array length, dimension product and byte size is checked with
// overflow-safe arithmetic against the bytes that remain; every tensor's data
// must lie inside the file, be aligned, and not overlap another's; names and
// keys are unique. Any violation is one error message that starts with the
// byte offset where it was found ("offset 24: ..."). See docs/gguf.md.
//
// Binding tensors as weights:
//
//   std::unique_ptr<gguf::File> file;
//   if (rt::Status s = gguf::File::open("model.gguf", file); !s) ... s.message()
//   auto dim = file->find("llama.embedding_length")->toUInt();
//   const gguf::TensorInfo *t = file->findTensor("token_embd.weight");
//   const unsigned char *bytes = file->tensorData(*t);   // t->bytes bytes, in place
//
// Nothing is copied: tensor data and string values point into the mapped
// file (or the caller's buffer), valid for the File's lifetime.
//
//===----------------------------------------------------------------------===//
#pragma once

#include "runtime/MappedFile.h"
#include "runtime/Status.h"
#include "runtime/gguf/GgmlType.h"
#include "runtime/gguf/Value.h"

#include <cstdint>
#include <memory>
#include <string>
#include <string_view>
#include <unordered_map>
#include <vector>

namespace thymos::gguf {

/// ggml's GGML_MAX_DIMS: a tensor has rank 1 to 4.
inline constexpr uint32_t kMaxDims = 4;
/// The alignment of tensor data when the file has no general.alignment key.
inline constexpr uint32_t kDefaultAlignment = 32;
/// Arrays may nest (an array of arrays of ...) at most this deep.
inline constexpr uint32_t kMaxArrayDepth = 16;
/// The format caps tensor names at 64 bytes.
inline constexpr uint64_t kMaxTensorName = 64;

struct KeyValue {
  std::string key;
  Value value;
  uint64_t offset = 0; // of the key, in the file
};

struct TensorInfo {
  std::string name;
  std::vector<uint64_t> dims; // ne order: ne0 (the contiguous row) first
  uint32_t type = 0;          // a ggml type id; ggmlTypeInfo(type) is never null here
  uint64_t offset = 0;        // absolute, in the file (data section + relative offset)
  uint64_t bytes = 0;         // storage bytes, from the type's block layout
  uint64_t elements = 0;      // product of dims
};

class File {
public:
  File(const File &) = delete;
  File &operator=(const File &) = delete;

  /// Maps `path` read-only and parses it; errors are prefixed with the path.
  static rt::Status open(const std::string &path, std::unique_ptr<File> &out);
  /// Parses `size` bytes at `data`, which must outlive the File (not copied).
  static rt::Status parse(const unsigned char *data, size_t size, std::unique_ptr<File> &out);

  uint32_t version() const { return version_; }
  /// In file order.
  const std::vector<KeyValue> &metadata() const { return metadata_; }
  /// The value of `key`, or nullptr.
  const Value *find(std::string_view key) const;

  /// In file order (not necessarily data order).
  const std::vector<TensorInfo> &tensors() const { return tensors_; }
  const TensorInfo *findTensor(std::string_view name) const;
  /// The first of `info.bytes` bytes of a tensor of this file.
  const unsigned char *tensorData(const TensorInfo &info) const { return data_ + info.offset; }

  /// Where the data section starts (the end of the tensor infos, aligned).
  uint64_t dataOffset() const { return dataOffset_; }
  uint32_t alignment() const { return alignment_; }
  const unsigned char *data() const { return data_; }
  uint64_t size() const { return size_; }

private:
  File() = default;
  friend class Parser;

  std::unique_ptr<rt::MappedFile> mapping_; // set by open(); parse() does not own
  const unsigned char *data_ = nullptr;
  uint64_t size_ = 0;
  uint32_t version_ = 0;
  uint32_t alignment_ = kDefaultAlignment;
  uint64_t dataOffset_ = 0;
  std::vector<KeyValue> metadata_;
  std::vector<TensorInfo> tensors_;
  // Keyed by views of the names in the file's bytes, which never move.
  std::unordered_map<std::string_view, size_t> keyIndex_;
  std::unordered_map<std::string_view, size_t> tensorIndex_;
};

} // namespace thymos::gguf
