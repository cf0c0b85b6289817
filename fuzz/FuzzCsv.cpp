//===- FuzzCsv.cpp - Fuzz target: the CSV reader ----------------------------===//
//
// Any byte string is read as a CSV table, as f64 and as f32. An accepted
// table must be a consistent [rows, cols] tensor, and writing it back and
// reading that again must give the same values bit for bit (the writer
// promises shortest round-tripping text; NaNs compare as NaNs).
//
//===----------------------------------------------------------------------===//
#include "FuzzSupport.h"

#include "runtime/io/Csv.h"

#include <cmath>
#include <cstring>
#include <string_view>

using namespace thymos;
using namespace thymos::rt;

namespace {

template <typename T> bool sameValues(const HostTensor &a, const HostTensor &b) {
  if (a.view.rank != 2 || b.view.rank != 2 || a.view.dims[0] != b.view.dims[0] ||
      a.view.dims[1] != b.view.dims[1] || a.bytes.size() != b.bytes.size())
    return false;
  size_t n = a.bytes.size() / sizeof(T);
  for (size_t i = 0; i < n; ++i) {
    T x, y;
    std::memcpy(&x, a.bytes.data() + i * sizeof(T), sizeof x);
    std::memcpy(&y, b.bytes.data() + i * sizeof(T), sizeof y);
    if (std::isnan(x) ? !std::isnan(y) : std::memcmp(&x, &y, sizeof x) != 0)
      return false;
  }
  return true;
}

template <typename T> void check(std::string_view text, DType dtype) {
  CsvReadOptions options;
  options.dtype = dtype;
  HostTensor table;
  Status s = parseCsv(text, "x.csv", options, table);
  if (!s) {
    if (s.message().find('\n') != std::string::npos)
      fuzz::fuzzFailure("a message spans lines: " + s.message());
    return;
  }
  if (table.view.rank != 2 || table.view.dtype != dtype || table.view.dims[0] < 1 ||
      table.view.dims[1] < 1 ||
      table.bytes.size() != size_t(table.view.dims[0] * table.view.dims[1]) * sizeof(T))
    fuzz::fuzzFailure("an accepted CSV gives an inconsistent tensor");
  std::string written;
  if (Status w = encodeCsv(table.view, {}, written); !w)
    fuzz::fuzzFailure("a table read from CSV cannot be written back: " + w.message());
  // Every row of the written text is numbers, so it has no header row.
  options.header = CsvHeader::Absent;
  HostTensor again;
  if (Status r = parseCsv(written, "y.csv", options, again); !r)
    fuzz::fuzzFailure("the CSV writer's output does not read back: " + r.message());
  if (!sameValues<T>(table, again))
    fuzz::fuzzFailure("a CSV write and read changes the values:\n" + written);
}

} // namespace

extern "C" int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size) {
  std::string_view text(reinterpret_cast<const char *>(data), size);
  check<double>(text, DType::F64);
  check<float>(text, DType::F32);
  return 0;
}
