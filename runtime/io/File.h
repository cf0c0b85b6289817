//===- File.h - Whole-file and exact-size POSIX I/O for readers and writers -===//
//
// Shared by every reader and writer of the runtime and its tools (.npy, CSV,
// GGUF, thymos-run's outputs) so that short reads, EINTR, errno messages and
// the safe replacement of an output file are handled in one place.
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

/// Reads all of standard input (a pipe or a redirected file) into `out`.
Status readStandardInput(std::string &out);

/// A file being written so that a failure never damages what `path` was.
///
/// A regular file, or a path that does not exist yet, is written to a new
/// temporary file in the same folder, which commit() renames over the target
/// (keeping an existing file's permissions); until then the target is
/// untouched, and a write that fails or is never committed removes the
/// temporary file only. A target that exists and is not a regular file (a
/// device such as /dev/null or /dev/stdout, a FIFO) is written directly and
/// never removed. A symbolic link is followed: the file it names is replaced.
class OutputFile {
public:
  OutputFile() = default;
  OutputFile(const OutputFile &) = delete;
  OutputFile &operator=(const OutputFile &) = delete;
  /// Discards an uncommitted temporary file.
  ~OutputFile();

  Status open(const std::string &path);
  /// Writes exactly `n` bytes.
  Status write(const void *src, size_t n);
  /// Closes the file and, for a temporary file, renames it over the target.
  Status commit();

private:
  void discard();

  int fd_ = -1;
  std::string path_;      // as the caller named it, for messages
  std::string target_;    // what commit() replaces (a symbolic link resolved)
  std::string temporary_; // empty when writing the target directly
};

/// Writes `head` then `body` to `path` through an OutputFile.
Status writeWholeFile(const std::string &path, const void *head, size_t headBytes,
                      const void *body, size_t bodyBytes);

/// Flushes and closes standard output; an error (a full disk, a closed pipe)
/// is returned, so that a tool can exit non-zero instead of losing its output
/// silently. Call it once, as the last thing before a successful exit.
Status closeStandardOutput();

} // namespace thymos::rt::io
