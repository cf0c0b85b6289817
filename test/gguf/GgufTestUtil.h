//===- GgufTestUtil.h - Raw GGUF bytes for the reader's tests ----------------===//
//
// The Writer only writes valid files; malformed ones are assembled field by
// field with RawGguf. parseExact() parses from a heap copy of exactly the
// input's size, so that AddressSanitizer catches any read past its end.
//
//===----------------------------------------------------------------------===//
#pragma once

#include "runtime/gguf/File.h"

#include <cstdint>
#include <cstring>
#include <memory>
#include <string>
#include <string_view>
#include <vector>

namespace thymos::gguf::test {

struct RawGguf {
  std::vector<unsigned char> bytes;

  RawGguf &u8(uint8_t v) { return le(v, 1); }
  RawGguf &u32(uint32_t v) { return le(v, 4); }
  RawGguf &u64(uint64_t v) { return le(v, 8); }
  RawGguf &le(uint64_t v, size_t n) {
    for (size_t i = 0; i < n; ++i)
      bytes.push_back(static_cast<unsigned char>(v >> (8 * i)));
    return *this;
  }
  RawGguf &str(std::string_view s) {
    u64(s.size());
    bytes.insert(bytes.end(), s.begin(), s.end());
    return *this;
  }
  RawGguf &header(uint64_t tensors, uint64_t kvs, uint32_t version = 3) {
    bytes.insert(bytes.end(), {'G', 'G', 'U', 'F'});
    return u32(version).u64(tensors).u64(kvs);
  }
  /// A key and a uint32 value.
  RawGguf &kvU32(std::string_view key, uint32_t v) { return str(key).u32(4).u32(v); }
  /// A tensor info: name, rank, dims, ggml type, relative offset.
  RawGguf &tensor(std::string_view name, const std::vector<uint64_t> &dims, uint32_t type,
                  uint64_t offset) {
    str(name).u32(static_cast<uint32_t>(dims.size()));
    for (uint64_t d : dims)
      u64(d);
    return u32(type).u64(offset);
  }
  /// Zero padding up to a multiple of `alignment`, then `n` data bytes.
  RawGguf &data(uint64_t n, uint64_t alignment = 32) {
    while (bytes.size() % alignment)
      bytes.push_back(0);
    bytes.resize(bytes.size() + n, 0x5a);
    return *this;
  }
};

/// Parses from an exactly sized heap copy of `bytes`.
inline rt::Status parseExact(const std::vector<unsigned char> &bytes,
                             std::unique_ptr<File> &file,
                             std::unique_ptr<unsigned char[]> &copy) {
  copy.reset(new unsigned char[bytes.size() + !bytes.size()]);
  if (!bytes.empty())
    std::memcpy(copy.get(), bytes.data(), bytes.size());
  return File::parse(bytes.empty() ? nullptr : copy.get(), bytes.size(), file);
}

/// Only the outcome: the message on failure, "" on success.
inline std::string parseError(const std::vector<unsigned char> &bytes) {
  std::unique_ptr<File> file;
  std::unique_ptr<unsigned char[]> copy;
  rt::Status s = parseExact(bytes, file, copy);
  return s ? std::string() : s.message();
}

} // namespace thymos::gguf::test
