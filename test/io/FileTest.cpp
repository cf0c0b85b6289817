//===- FileTest.cpp - Output files replace their target only on success -----===//
#include "TestUtil.h"

#include "runtime/io/File.h"
#include "runtime/io/Npy.h"

#include <catch2/catch.hpp>

#include <cstdio>
#include <dirent.h>
#include <fcntl.h>
#include <string>
#include <sys/stat.h>
#include <unistd.h>

using namespace thymos::rt;
using thymos::rt::test::TempDir;

namespace {

std::string contents(const std::string &path) {
  std::string out;
  REQUIRE(io::readWholeFile(path, 1 << 20, out));
  return out;
}

/// Names in `dir` other than . and ..: no temporary file may be left behind.
int entriesIn(const std::string &dir) {
  int n = 0;
  if (DIR *d = ::opendir(dir.c_str())) {
    while (dirent *e = ::readdir(d))
      n += std::string(e->d_name) != "." && std::string(e->d_name) != "..";
    ::closedir(d);
  }
  return n;
}

} // namespace

TEST_CASE("OutputFile: a committed file replaces the target, keeping its mode", "[file]") {
  TempDir dir;
  REQUIRE(dir.ok());
  std::string path = dir.file("out.txt");
  REQUIRE(io::writeWholeFile(path, "old", 3, nullptr, 0));
  REQUIRE(::chmod(path.c_str(), 0600) == 0);
  REQUIRE(io::writeWholeFile(path, "new ", 4, "text", 4));
  CHECK(contents(path) == "new text");
  struct stat st;
  REQUIRE(::stat(path.c_str(), &st) == 0);
  CHECK((st.st_mode & 0777) == 0600);
  CHECK(entriesIn(path.substr(0, path.rfind('/'))) == 1);
}

TEST_CASE("OutputFile: a failed or abandoned write leaves the target as it was", "[file]") {
  TempDir dir;
  REQUIRE(dir.ok());
  std::string path = dir.file("keep.txt");
  REQUIRE(io::writeWholeFile(path, "precious", 8, nullptr, 0));
  {
    io::OutputFile file;
    REQUIRE(file.open(path));
    REQUIRE(file.write("partial", 7));
    // Destroyed without commit(), as when a later write fails.
  }
  CHECK(contents(path) == "precious");
  CHECK(entriesIn(path.substr(0, path.rfind('/'))) == 1);

  // An encoder error happens before anything is opened.
  TensorView bad;
  bad.dtype = DType::BF16;
  bad.rank = 1;
  bad.dims[0] = 1;
  uint16_t one = 0;
  bad.data = &one;
  REQUIRE_FALSE(writeNpy(path, bad));
  CHECK(contents(path) == "precious");
}

TEST_CASE("OutputFile: devices are written directly and never removed", "[file]") {
  // A failing device: the write fails, /dev/full stays.
  struct stat st;
  if (::stat("/dev/full", &st) == 0) {
    Status s = io::writeWholeFile("/dev/full", "x", 1, nullptr, 0);
    REQUIRE_FALSE(s);
    CHECK(s.message() == "/dev/full: write failed: No space left on device");
    REQUIRE(::stat("/dev/full", &st) == 0);
    CHECK(S_ISCHR(st.st_mode));
  }
  REQUIRE(io::writeWholeFile("/dev/null", "x", 1, nullptr, 0));
  REQUIRE(::stat("/dev/null", &st) == 0);
  CHECK(S_ISCHR(st.st_mode));
}

TEST_CASE("OutputFile: a FIFO is written to, not replaced", "[file]") {
  TempDir dir;
  REQUIRE(dir.ok());
  std::string fifo = dir.file("pipe");
  REQUIRE(::mkfifo(fifo.c_str(), 0600) == 0);
  // A reader end opened first, non-blocking, so that the writer's open returns.
  int reader = ::open(fifo.c_str(), O_RDONLY | O_NONBLOCK);
  REQUIRE(reader >= 0);
  REQUIRE(io::writeWholeFile(fifo, "abc", 3, nullptr, 0));
  char got[4] = {};
  CHECK(::read(reader, got, 3) == 3);
  CHECK(std::string(got) == "abc");
  ::close(reader);
  struct stat st;
  REQUIRE(::stat(fifo.c_str(), &st) == 0);
  CHECK(S_ISFIFO(st.st_mode));
}

TEST_CASE("OutputFile: a directory or a missing folder is a clear error", "[file]") {
  TempDir dir;
  REQUIRE(dir.ok());
  std::string folder = dir.file("sub");
  REQUIRE(::mkdir(folder.c_str(), 0700) == 0);
  Status s = io::writeWholeFile(folder, "x", 1, nullptr, 0);
  REQUIRE_FALSE(s);
  CHECK(s.message() == folder + ": cannot write: is a directory");
  ::rmdir(folder.c_str());
  s = io::writeWholeFile(folder + "/none/x.npy", "x", 1, nullptr, 0);
  REQUIRE_FALSE(s);
  CHECK(s.message() == folder + "/none/x.npy: cannot open for writing: No such file or directory");
}

TEST_CASE("OutputFile: a symbolic link keeps pointing at the replaced file", "[file]") {
  TempDir dir;
  REQUIRE(dir.ok());
  std::string target = dir.file("target.txt"), link = dir.file("link.txt");
  REQUIRE(io::writeWholeFile(target, "one", 3, nullptr, 0));
  REQUIRE(::symlink(target.c_str(), link.c_str()) == 0);
  REQUIRE(io::writeWholeFile(link, "two", 3, nullptr, 0));
  struct stat st;
  REQUIRE(::lstat(link.c_str(), &st) == 0);
  CHECK(S_ISLNK(st.st_mode));
  CHECK(contents(target) == "two");
}

TEST_CASE("OutputFile: a file that is not writable is not replaced", "[file]") {
  if (::geteuid() == 0) {
    WARN("SKIPPED: root may write any file");
    return;
  }
  TempDir dir;
  REQUIRE(dir.ok());
  std::string path = dir.file("readonly.txt");
  REQUIRE(io::writeWholeFile(path, "fixed", 5, nullptr, 0));
  REQUIRE(::chmod(path.c_str(), 0400) == 0);
  Status s = io::writeWholeFile(path, "new", 3, nullptr, 0);
  REQUIRE_FALSE(s);
  CHECK(s.message() == path + ": cannot open for writing: Permission denied");
  CHECK(contents(path) == "fixed");
}
