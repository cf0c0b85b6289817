//===- WriteSamples.cpp - Writes .npy and CSV files for NumPy to check ------===//
//
// Usage: thymos-io-write-samples DIR
// check_numpy_reads.py runs this and loads every file with NumPy; the values
// are simple formulas that the script recomputes on its own:
//   <dtype>_r<rank>.npy  shapes () (5,) (2, 3) (2, 3, 4), element i (flat):
//                        f8: (i - 3) / 7    f4: float32((i - 3) / 7)
//                        i4: (i - 3) * 1000003    i1: (i * 37) % 256 - 128
//   f2_r1.npy            binary16 bits 3C00 C000 7BFF 0400 0001 7C00
//   f8_empty.npy         shape (0, 3)
//   samples.csv          header a,b,c then 4 rows of the values below
//
//===----------------------------------------------------------------------===//
#include "runtime/io/Csv.h"
#include "runtime/io/Npy.h"

#include <cstdio>
#include <string>
#include <vector>

using namespace thymos::rt;

namespace {

bool check(const Status &s) {
  if (!s)
    std::fprintf(stderr, "error: %s\n", s.message().c_str());
  return s.ok();
}

template <typename T, typename F>
bool writeSample(const std::string &path, DType dtype, std::vector<int64_t> dims,
                 F value) {
  HostTensor t;
  if (!check(HostTensor::create(dtype, static_cast<uint32_t>(dims.size()), dims.data(), t)))
    return false;
  for (int64_t i = 0; i < t.view.numElements(); ++i)
    t.view.as<T>()[i] = value(i);
  return check(writeNpy(path, t.view));
}

} // namespace

int main(int argc, char **argv) {
  if (argc != 2) {
    std::fprintf(stderr, "usage: %s DIR\n", argv[0]);
    return 2;
  }
  std::string dir = argv[1];
  const std::vector<std::vector<int64_t>> shapes = {{}, {5}, {2, 3}, {2, 3, 4}};
  bool ok = true;
  for (size_t r = 0; r < shapes.size(); ++r) {
    std::string suffix = "_r" + std::to_string(r) + ".npy";
    ok &= writeSample<double>(dir + "/f8" + suffix, DType::F64, shapes[r],
                              [](int64_t i) { return (i - 3) / 7.0; });
    ok &= writeSample<float>(dir + "/f4" + suffix, DType::F32, shapes[r], [](int64_t i) {
      return static_cast<float>((i - 3) / 7.0);
    });
    ok &= writeSample<int32_t>(dir + "/i4" + suffix, DType::I32, shapes[r], [](int64_t i) {
      return static_cast<int32_t>((i - 3) * 1000003);
    });
    ok &= writeSample<int8_t>(dir + "/i1" + suffix, DType::I8, shapes[r], [](int64_t i) {
      return static_cast<int8_t>((i * 37) % 256 - 128);
    });
  }
  const uint16_t halfBits[6] = {0x3C00, 0xC000, 0x7BFF, 0x0400, 0x0001, 0x7C00};
  ok &= writeSample<uint16_t>(dir + "/f2_r1.npy", DType::F16, {6},
                              [&](int64_t i) { return halfBits[i]; });
  ok &= writeSample<double>(dir + "/f8_empty.npy", DType::F64, {0, 3},
                            [](int64_t) { return 0.0; });

  // Values whose shortest text is easy to get wrong.
  const double csv[12] = {0.1, 1.0 / 3.0, 1e-300, 5e-324, 1.7976931348623157e308, -0.0,
                          123456789012345680.0, 2.0 / 3.0 * 1e-5, 321.0, 1e16, -2.5, 100.0};
  TensorView table;
  table.data = const_cast<double *>(csv);
  table.dtype = DType::F64;
  table.rank = 2;
  table.dims[0] = 4;
  table.dims[1] = 3;
  ok &= check(writeCsv(dir + "/samples.csv", table, {"a", "b", "c"}));
  return ok ? 0 : 1;
}
