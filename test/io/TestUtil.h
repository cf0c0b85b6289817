//===- TestUtil.h - Shared helpers for the tensor I/O tests -----------------===//
#pragma once

#include "runtime/io/HostTensor.h"

#include <cstdlib>
#include <cstring>
#include <string>
#include <unistd.h>
#include <vector>

namespace thymos::rt::test {

/// A fresh directory under $TMPDIR (or /tmp), removed with its files at the
/// end of the test.
class TempDir {
public:
  TempDir() {
    const char *base = std::getenv("TMPDIR");
    std::string pattern = std::string(base && *base ? base : "/tmp") + "/thymos-io-XXXXXX";
    std::vector<char> buf(pattern.begin(), pattern.end());
    buf.push_back('\0');
    if (::mkdtemp(buf.data()))
      path_ = buf.data();
  }
  ~TempDir() {
    for (const std::string &f : files_)
      ::unlink(f.c_str());
    if (!path_.empty())
      ::rmdir(path_.c_str());
  }
  bool ok() const { return !path_.empty(); }
  /// A path inside the directory, removed with it.
  std::string file(const std::string &name) {
    files_.push_back(path_ + "/" + name);
    return files_.back();
  }

private:
  std::string path_;
  std::vector<std::string> files_;
};

/// A tensor of the given shape whose bytes are a simple function of their
/// index, so that any misplaced byte shows.
inline HostTensor patterned(DType dtype, std::vector<int64_t> dims) {
  HostTensor t;
  if (!HostTensor::create(dtype, static_cast<uint32_t>(dims.size()), dims.data(), t))
    return t;
  for (size_t i = 0; i < t.bytes.size(); ++i)
    t.bytes[i] = static_cast<unsigned char>(i * 31 + 7);
  return t;
}

inline bool sameTensor(const TensorView &a, const TensorView &b) {
  if (a.dtype != b.dtype || a.rank != b.rank)
    return false;
  for (uint32_t i = 0; i < a.rank; ++i)
    if (a.dims[i] != b.dims[i])
      return false;
  size_t bytes = static_cast<size_t>(a.numElements()) * elementBytes(a.dtype);
  return bytes == 0 || std::memcmp(a.data, b.data, bytes) == 0;
}

} // namespace thymos::rt::test
