//===- Csv.h - Numeric CSV tables as f64/f32 tensors -------------------------===//
//
// The datasets in ../shared/data are numeric CSV: comma-separated, one header
// row, target in the last column, reals written with the shortest repr that
// round-trips. readCsv() turns such a file (or a column range of it) into a
// [rows, cols] tensor with every value parsed exactly (correctly rounded, as
// a correct strtod would, independent of the C locale). Errors name the place:
//   "diabetes.csv:17:5: expected a number, found 'abc'"
// where 17 is the line and 5 the byte column (both 1-based) of the field.
//
// Accepted: '\n' or "\r\n" line ends, an optional final line end, an optional
// UTF-8 byte order mark, spaces or tabs around a field, numbers in decimal or
// exponent notation with an optional sign, and nan/inf/infinity. Rejected:
// empty lines, empty fields, rows of differing width, hexadecimal floats,
// numbers beyond the dtype's range (values that underflow become zero, as
// strtod makes them). Quotes are not interpreted: a quoted number is not a
// number, and a header name must not contain a comma.
//
//===----------------------------------------------------------------------===//
#pragma once

#include "runtime/Status.h"
#include "runtime/io/HostTensor.h"

#include <cstdint>
#include <string>
#include <string_view>
#include <vector>

namespace thymos::rt {

enum class CsvHeader {
  Auto,    ///< The first row is a header when one of its fields is neither a
           ///< number nor empty (an empty field is an error in a data row).
  Present, ///< The first row is a header, whatever it holds.
  Absent,  ///< Every row is data.
};

/// The largest CSV file readCsv() reads: its table takes up to four times
/// the file's size in memory (an f64 from every two bytes, as in "1,1,"), and
/// the datasets this reader is for are far smaller.
inline constexpr uint64_t kMaxCsvBytes = uint64_t(256) << 20;

/// columnEnd value meaning "through the last column".
inline constexpr int64_t kCsvEnd = INT64_MAX;

struct CsvReadOptions {
  DType dtype = DType::F64; ///< F64 or F32.
  CsvHeader header = CsvHeader::Auto;
  /// The columns [columnBegin, columnEnd) are returned. As in Python slices, a
  /// negative value counts from the end (-1 is the last column). Every field is
  /// still validated, selected or not. For a dataset with its target last:
  /// features {0, -1}, target {-1, kCsvEnd}.
  int64_t columnBegin = 0;
  int64_t columnEnd = kCsvEnd;
};

/// Column numbers in a selection lie in [kMinCsvColumn, kMaxCsvColumn]: no
/// file readCsv() accepts has more columns, and the range keeps C + 1 exact.
inline constexpr int64_t kMaxCsvColumn = INT32_MAX;
inline constexpr int64_t kMinCsvColumn = -kMaxCsvColumn;

/// Parses a column selection, the text after '#' in "data.csv#0:-1", into
/// options.columnBegin and options.columnEnd: "C" (column C alone), "B:E",
/// "B:", ":E" or ":". An empty selection, a number that is not a decimal
/// integer, or one out of range is an error; `spec` (the whole argument)
/// prefixes messages.
Status parseCsvColumns(std::string_view selection, const std::string &spec,
                       CsvReadOptions &options);

/// Reads the CSV file at `path` into an options.dtype [rows, cols] tensor.
Status readCsv(const std::string &path, const CsvReadOptions &options,
               HostTensor &out);

/// Parses CSV text held in memory; `name` stands for the file in messages.
Status parseCsv(std::string_view text, const std::string &name,
                const CsvReadOptions &options, HostTensor &out);

/// Formats a 1-D tensor (one value per line) or a 2-D tensor (one row per
/// line) of f64, f32, i32 or i8 as CSV; a scalar is one line of one value. Reals use the fewest significant
/// digits that read back to the same value. `header`, when not empty, names
/// the columns; a name must not contain ',' or a line break, nor read as a
/// number (the reader would then take the header row for data).
Status encodeCsv(const TensorView &tensor, const std::vector<std::string> &header,
                 std::string &out);

/// Writes encodeCsv()'s text to `path`.
Status writeCsv(const std::string &path, const TensorView &tensor,
                const std::vector<std::string> &header = {});

/// The text with the fewest significant digits that parses back to exactly
/// `value`, laid out as %g lays it out (fixed for decimal exponents -4..5,
/// exponent form otherwise): 0.1, 321, 1e+16, 5e-324. Non-finite values are
/// "nan", "inf" and "-inf".
std::string formatShortest(double value);
/// The same for binary32: the shortest text that reads back as this float.
std::string formatShortest(float value);

} // namespace thymos::rt
