//===- FuzzNpy.cpp - Fuzz target: the .npy reader ---------------------------===//
//
// Any byte string is read as a .npy image twice: from memory (parseNpy) and
// from a file (readNpy, which reads the header in pieces and the data
// straight into the tensor). The two must agree on the outcome and the
// message. An accepted tensor must be self-consistent and survive a write
// and a second read unchanged.
//
//===----------------------------------------------------------------------===//
#include "FuzzSupport.h"

#include "runtime/io/Npy.h"

#include <cstring>
#include <unistd.h>

using namespace thymos;
using namespace thymos::rt;

namespace {

/// One scratch file per process, removed at exit.
const std::string &scratchPath() {
  static const std::string path = [] {
    char name[] = "/tmp/thymos-fuzz-npy-XXXXXX";
    int fd = mkstemp(name);
    if (fd < 0)
      fuzz::fuzzFailure("cannot create a scratch file in /tmp");
    close(fd);
    std::atexit([] { unlink(scratchPath().c_str()); });
    return std::string(name);
  }();
  return path;
}

bool sameTensor(const HostTensor &a, const HostTensor &b) {
  if (a.view.dtype != b.view.dtype || a.view.rank != b.view.rank || a.bytes != b.bytes)
    return false;
  for (uint32_t i = 0; i < a.view.rank; ++i)
    if (a.view.dims[i] != b.view.dims[i])
      return false;
  return true;
}

} // namespace

extern "C" int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size) {
  HostTensor fromMemory;
  Status parsed = parseNpy(data, size, "x.npy", fromMemory);

  const std::string &path = scratchPath();
  FILE *f = std::fopen(path.c_str(), "wb");
  if (!f || std::fwrite(data, 1, size, f) != size || std::fclose(f) != 0)
    fuzz::fuzzFailure("cannot write the scratch file " + path);
  HostTensor fromFile;
  Status read = readNpy(path, fromFile);
  // Messages name the file; compare them with the names taken out.
  std::string readMessage = read.message();
  if (readMessage.compare(0, path.size(), path) == 0)
    readMessage.replace(0, path.size(), "x.npy");
  if (bool(parsed) != bool(read) || parsed.message() != readMessage)
    fuzz::fuzzFailure("parseNpy says '" + parsed.message() + "' but readNpy says '" +
                      read.message() + "'");
  if (!parsed) {
    if (parsed.message().find('\n') != std::string::npos)
      fuzz::fuzzFailure("a message spans lines: " + parsed.message());
    return 0;
  }

  size_t expected = 0;
  if (fromMemory.view.data != fromMemory.bytes.data() || fromMemory.view.rank > kMaxRank ||
      !denseByteSize(fromMemory.view.dtype, fromMemory.view.rank, fromMemory.view.dims,
                     expected) ||
      expected != fromMemory.bytes.size())
    fuzz::fuzzFailure("an accepted .npy gives an inconsistent tensor");
  if (!sameTensor(fromMemory, fromFile))
    fuzz::fuzzFailure("parseNpy and readNpy read different tensors");

  std::vector<unsigned char> encoded;
  if (Status s = encodeNpy(fromMemory.view, encoded); !s)
    fuzz::fuzzFailure("a tensor read from .npy cannot be written back: " + s.message());
  HostTensor again;
  if (Status s = parseNpy(encoded.data(), encoded.size(), "y.npy", again); !s)
    fuzz::fuzzFailure("the .npy writer's output does not read back: " + s.message());
  if (!sameTensor(fromMemory, again))
    fuzz::fuzzFailure("a .npy write and read changes the tensor");
  return 0;
}
