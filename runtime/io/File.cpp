//===- File.cpp - Whole-file and exact-size POSIX I/O for readers and writers ===//
//
// Plain POSIX calls: they report errno precisely and keep the runtime free of
// iostreams.
//
//===----------------------------------------------------------------------===//
#include "runtime/io/File.h"

#include <atomic>
#include <cerrno>
#include <cstdio>
#include <cstdlib>
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

Status readStandardInput(std::string &out) {
  out.clear();
  char buffer[1 << 16];
  while (true) {
    ssize_t got = ::read(STDIN_FILENO, buffer, sizeof buffer);
    if (got < 0 && errno == EINTR)
      continue;
    if (got < 0)
      return errnoError("standard input", "read failed");
    if (got == 0)
      return Status::success();
    try {
      out.append(buffer, static_cast<size_t>(got));
    } catch (const std::bad_alloc &) {
      return Status::error("standard input: cannot allocate memory to read it");
    }
  }
}

OutputFile::~OutputFile() { discard(); }

void OutputFile::discard() {
  if (fd_ >= 0)
    ::close(fd_);
  fd_ = -1;
  // Only the temporary file is ours to remove; the target never is.
  if (!temporary_.empty())
    ::unlink(temporary_.c_str());
  temporary_.clear();
}

Status OutputFile::open(const std::string &path) {
  discard();
  path_ = target_ = path;
  struct stat st;
  bool exists = ::stat(path.c_str(), &st) == 0;
  if (exists && !S_ISREG(st.st_mode)) {
    // A device or a FIFO: there is nothing to replace, only to write to.
    if (S_ISDIR(st.st_mode))
      return Status::error(path + ": cannot write: is a directory");
    fd_ = ::open(path.c_str(), O_WRONLY | O_CLOEXEC);
    return fd_ < 0 ? errnoError(path, "cannot open for writing") : Status::success();
  }
  if (exists) {
    // A file we could not open for writing is not replaced behind its back.
    if (::access(path.c_str(), W_OK) != 0)
      return errnoError(path, "cannot open for writing");
    // Replace the file a symbolic link names, not the link.
    if (char *real = ::realpath(path.c_str(), nullptr)) {
      target_ = real;
      std::free(real);
    }
  }
  size_t slash = target_.rfind('/');
  std::string folder = slash == std::string::npos ? "" : target_.substr(0, slash + 1);
  std::string base = slash == std::string::npos ? target_ : target_.substr(slash + 1);
  // O_EXCL makes a name another process holds fail, and the next is tried;
  // the counter keeps this process's threads apart.
  static std::atomic<unsigned> counter{0};
  for (int attempt = 0; attempt < 100 && fd_ < 0; ++attempt) {
    std::string name = folder + "." + base + ".tmp" + std::to_string(::getpid()) + "." +
                       std::to_string(counter++);
    fd_ = ::open(name.c_str(), O_WRONLY | O_CREAT | O_EXCL | O_CLOEXEC, 0666);
    if (fd_ >= 0)
      temporary_ = name;
    else if (errno != EEXIST)
      return errnoError(path, "cannot open for writing");
  }
  if (fd_ < 0)
    return errnoError(path, "cannot create a temporary file beside it");
  if (exists && ::stat(target_.c_str(), &st) == 0)
    (void)::fchmod(fd_, st.st_mode & 07777);
  return Status::success();
}

Status OutputFile::write(const void *src, size_t n) {
  if (fd_ < 0)
    return Status::error(path_ + ": not open for writing");
  return writeExact(fd_, src, n, path_);
}

Status OutputFile::commit() {
  if (fd_ < 0)
    return Status::error(path_ + ": not open for writing");
  int fd = fd_;
  fd_ = -1;
  if (::close(fd) != 0) {
    Status s = errnoError(path_, "write failed");
    discard();
    return s;
  }
  if (temporary_.empty())
    return Status::success();
  if (::rename(temporary_.c_str(), target_.c_str()) != 0) {
    Status s = errnoError(path_, "cannot replace");
    discard();
    return s;
  }
  temporary_.clear();
  return Status::success();
}

Status writeWholeFile(const std::string &path, const void *head, size_t headBytes,
                      const void *body, size_t bodyBytes) {
  OutputFile file;
  Status s = file.open(path);
  if (s)
    s = file.write(head, headBytes);
  if (s)
    s = file.write(body, bodyBytes);
  return s ? file.commit() : s;
}

Status closeStandardOutput() {
  bool failed = std::fflush(stdout) != 0 || std::ferror(stdout);
  int savedErrno = errno;
  // fclose reports what a flush cannot: an error at close (a full NFS disk).
  if (std::fclose(stdout) != 0 && !failed) {
    failed = true;
    savedErrno = errno;
  }
  if (!failed)
    return Status::success();
  errno = savedErrno;
  return errnoError("standard output", "write failed");
}

} // namespace thymos::rt::io
