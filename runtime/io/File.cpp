//===- File.cpp - Whole-file and exact-size POSIX I/O for the readers -------===//
//
// Plain POSIX calls: they report errno precisely and keep the runtime free of
// iostreams.
//
//===----------------------------------------------------------------------===//
#include "runtime/io/File.h"

#include <cerrno>
#include <cstring>
#include <new>
#include <fcntl.h>
#include <sys/stat.h>
#include <unistd.h>

namespace thymos::rt::io {
namespace {

Status errnoError(const std::string &path, const char *what) {
  return Status::error(path + ": " + what + ": " + std::strerror(errno));
}

Status writeExact(int fd, const void *src, size_t n, const std::string &path) {
  const auto *p = static_cast<const unsigned char *>(src);
  while (n > 0) {
    ssize_t put = ::write(fd, p, n);
    if (put < 0 && errno == EINTR)
      continue;
    if (put < 0)
      return errnoError(path, "write failed");
    p += put;
    n -= static_cast<size_t>(put);
  }
  return Status::success();
}

} // namespace

InputFile::~InputFile() {
  if (fd_ >= 0)
    ::close(fd_);
}

Status InputFile::open(const std::string &path) {
  path_ = path;
  fd_ = ::open(path.c_str(), O_RDONLY | O_CLOEXEC);
  if (fd_ < 0)
    return errnoError(path, "cannot open");
  struct stat st;
  if (::fstat(fd_, &st) != 0)
    return errnoError(path, "cannot stat");
  // Pipes and devices have no size to validate headers against.
  if (!S_ISREG(st.st_mode))
    return Status::error(path + ": not a regular file");
  size_ = static_cast<uint64_t>(st.st_size);
  return Status::success();
}

Status InputFile::read(void *dst, size_t n) {
  auto *p = static_cast<unsigned char *>(dst);
  while (n > 0) {
    ssize_t got = ::read(fd_, p, n);
    if (got < 0 && errno == EINTR)
      continue;
    if (got < 0)
      return errnoError(path_, "read failed");
    if (got == 0)
      return Status::error(path_ + ": file shrank while being read");
    p += got;
    n -= static_cast<size_t>(got);
  }
  return Status::success();
}

bool InputFile::atEnd() {
  unsigned char extra;
  ssize_t got;
  do
    got = ::read(fd_, &extra, 1);
  while (got < 0 && errno == EINTR);
  return got == 0;
}

Status readWholeFile(const std::string &path, uint64_t maxBytes, std::string &out) {
  InputFile file;
  if (Status s = file.open(path); !s)
    return s;
  if (file.size() > maxBytes || file.size() > out.max_size())
    return Status::error(path + ": file is " + std::to_string(file.size()) +
                         " bytes, more than the limit of " + std::to_string(maxBytes));
  try {
    out.resize(static_cast<size_t>(file.size()));
  } catch (const std::bad_alloc &) {
    return Status::error(path + ": cannot allocate " + std::to_string(file.size()) +
                         " bytes to read it");
  }
  if (Status s = file.read(out.data(), out.size()); !s)
    return s;
  if (!file.atEnd())
    return Status::error(path + ": file grew while being read");
  return Status::success();
}

Status writeWholeFile(const std::string &path, const void *head, size_t headBytes,
                      const void *body, size_t bodyBytes) {
  int fd = ::open(path.c_str(), O_WRONLY | O_CREAT | O_TRUNC | O_CLOEXEC, 0644);
  if (fd < 0)
    return errnoError(path, "cannot create");
  Status s = writeExact(fd, head, headBytes, path);
  if (s)
    s = writeExact(fd, body, bodyBytes, path);
  if (::close(fd) != 0 && s)
    s = errnoError(path, "close failed");
  if (!s)
    ::unlink(path.c_str());
  return s;
}

} // namespace thymos::rt::io
