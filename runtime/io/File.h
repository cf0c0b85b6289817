//===- File.h - Whole-file and exact-size POSIX I/O for the readers ---------===//
//
// Shared by the .npy and CSV code so that short reads, EINTR and errno
// messages are handled in one place. Internal to runtime/io.
//
//===----------------------------------------------------------------------===//
#pragma once

#include "runtime/Status.h"

#include <cstddef>
#include <cstdint>
#include <string>

namespace thymos::rt::io {

/// An open file descriptor, closed when the object goes away.
class InputFile {
public:
  InputFile() = default;
  InputFile(const InputFile &) = delete;
  InputFile &operator=(const InputFile &) = delete;
  ~InputFile();

  /// Opens a regular file for reading and records its size.
  Status open(const std::string &path);
  uint64_t size() const { return size_; }
  /// Reads exactly `n` bytes at the current position.
  Status read(void *dst, size_t n);
  /// True when the file has no bytes past the current position.
  bool atEnd();

private:
  int fd_ = -1;
  uint64_t size_ = 0;
  std::string path_;
};

/// Reads a whole regular file into `out`; a file of more than `maxBytes`
/// bytes is an error, checked before anything is allocated.
Status readWholeFile(const std::string &path, uint64_t maxBytes, std::string &out);

/// Writes `head` then `body` to `path`, replacing it; on failure the partial
/// file is removed so that it cannot be mistaken for a complete one later.
Status writeWholeFile(const std::string &path, const void *head, size_t headBytes,
                      const void *body, size_t bodyBytes);

} // namespace thymos::rt::io
