//===- ReplayMain.cpp - Feeding saved inputs to a fuzz target ---------------===//
//
// Linked with a target's LLVMFuzzerTestOneInput() in place of libFuzzer, so
// that the regression corpus runs in every build, with any compiler:
//   thymos-fuzz-replay-npy test/fuzz-regressions/npy
// Each argument is a file or a directory (every regular file in it, in name
// order). A broken invariant aborts; a crash is a crash. An argument that
// names nothing, or a directory with no files, is an error, so that a test
// pointed at the wrong place cannot pass by doing nothing.
//
//===----------------------------------------------------------------------===//
#include <algorithm>
#include <cstdint>
#include <cstdio>
#include <filesystem>
#include <fstream>
#include <iterator>
#include <string>
#include <system_error>
#include <vector>

extern "C" int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

namespace fs = std::filesystem;

namespace {

bool replay(const fs::path &file) {
  std::ifstream in(file, std::ios::binary);
  std::vector<uint8_t> bytes((std::istreambuf_iterator<char>(in)),
                             std::istreambuf_iterator<char>());
  if (!in.good() && !in.eof()) {
    std::fprintf(stderr, "error: cannot read '%s'\n", file.c_str());
    return false;
  }
  std::fprintf(stderr, "replaying %s (%zu bytes)\n", file.c_str(), bytes.size());
  // An exactly sized heap copy, so that AddressSanitizer sees a read one
  // byte past the end as libFuzzer would.
  std::vector<uint8_t> copy(bytes.begin(), bytes.end());
  LLVMFuzzerTestOneInput(copy.data(), copy.size());
  return true;
}

} // namespace

int main(int argc, char **argv) {
  if (argc < 2) {
    std::fprintf(stderr, "usage: %s FILE|DIR...\n", argv[0]);
    return 2;
  }
  size_t count = 0;
  for (int i = 1; i < argc; ++i) {
    fs::path arg = argv[i];
    std::error_code ec;
    if (fs::is_regular_file(arg, ec)) {
      if (!replay(arg))
        return 1;
      ++count;
      continue;
    }
    if (!fs::is_directory(arg, ec)) {
      std::fprintf(stderr, "error: '%s' is neither a file nor a directory\n", argv[i]);
      return 1;
    }
    std::vector<fs::path> files;
    for (const fs::directory_entry &entry : fs::recursive_directory_iterator(arg, ec))
      if (entry.is_regular_file())
        files.push_back(entry.path());
    if (files.empty()) {
      std::fprintf(stderr, "error: '%s' holds no files\n", argv[i]);
      return 1;
    }
    std::sort(files.begin(), files.end());
    for (const fs::path &file : files) {
      if (!replay(file))
        return 1;
      ++count;
    }
  }
  std::printf("%zu inputs replayed without a finding\n", count);
  return 0;
}
