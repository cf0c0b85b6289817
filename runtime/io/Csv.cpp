//===- Csv.cpp - Numeric CSV tables as f64/f32 tensors -----------------------===//
//
// Numbers go through std::from_chars / std::to_chars: correctly rounded like
// glibc's strtod, but independent of the C locale (a host program that sets
// a locale with a decimal comma must not change what a dataset means), and
// f32 is parsed directly rather than through f64, which would round twice.
//
//===----------------------------------------------------------------------===//
#include "runtime/io/Csv.h"

#include "runtime/CheckedSize.h"
#include "runtime/io/File.h"

#include <charconv>
#include <cstring>
#include <limits>
#include <new>
#include <type_traits>

namespace thymos::rt {
namespace {

enum class NumberParse { Ok, NotNumber, OutOfRange };

bool isDigit(char c) { return c >= '0' && c <= '9'; }

bool equalsIgnoreCase(std::string_view s, std::string_view lower) {
  if (s.size() != lower.size())
    return false;
  for (size_t i = 0; i < s.size(); ++i) {
    char c = s[i] >= 'A' && s[i] <= 'Z' ? static_cast<char>(s[i] - 'A' + 'a') : s[i];
    if (c != lower[i])
      return false;
  }
  return true;
}

// Decimal notation: digits with an optional point and exponent, at least one
// mantissa digit. The sign has already been removed.
bool isDecimal(std::string_view s) {
  size_t i = 0, mantissaDigits = 0;
  while (i < s.size() && isDigit(s[i]))
    ++i, ++mantissaDigits;
  if (i < s.size() && s[i] == '.')
    for (++i; i < s.size() && isDigit(s[i]); ++i)
      ++mantissaDigits;
  if (mantissaDigits == 0)
    return false;
  if (i < s.size() && (s[i] == 'e' || s[i] == 'E')) {
    ++i;
    if (i < s.size() && (s[i] == '+' || s[i] == '-'))
      ++i;
    size_t expStart = i;
    while (i < s.size() && isDigit(s[i]))
      ++i;
    if (i == expStart)
      return false;
  }
  return i == s.size();
}

// Whether a decimal whose conversion fell out of range was too large (true)
// or too small (false): the position of its first non-zero digit plus its
// exponent gives its decimal magnitude.
bool isTooLarge(std::string_view s) {
  int64_t magnitude = 0;
  size_t i = 0;
  int64_t intDigits = 0;
  while (i < s.size() && isDigit(s[i]))
    ++i, ++intDigits;
  int64_t firstNonZero = -1, pos = 0;
  for (size_t j = 0; j < s.size() && s[j] != 'e' && s[j] != 'E'; ++j) {
    if (s[j] == '.')
      continue;
    if (s[j] != '0') {
      firstNonZero = pos;
      break;
    }
    ++pos;
  }
  magnitude = intDigits - 1 - firstNonZero;
  size_t e = s.find_first_of("eE");
  if (e != std::string_view::npos) {
    bool negative = s[e + 1] == '-';
    int64_t exponent = 0;
    for (size_t j = e + 1; j < s.size(); ++j)
      if (isDigit(s[j]) && exponent < 1000000) // saturate: only the sign matters
        exponent = exponent * 10 + (s[j] - '0');
    magnitude += negative ? -exponent : exponent;
  }
  return magnitude >= 0;
}

template <typename T> NumberParse parseNumber(std::string_view s, T &out) {
  bool negative = false;
  if (!s.empty() && (s[0] == '+' || s[0] == '-')) {
    negative = s[0] == '-';
    s.remove_prefix(1);
  }
  if (equalsIgnoreCase(s, "nan") || equalsIgnoreCase(s, "inf") ||
      equalsIgnoreCase(s, "infinity")) {
    T v = s[0] == 'n' || s[0] == 'N' ? std::numeric_limits<T>::quiet_NaN()
                                     : std::numeric_limits<T>::infinity();
    out = negative ? -v : v;
    return NumberParse::Ok;
  }
  if (!isDecimal(s))
    return NumberParse::NotNumber;
  T v{};
  auto [end, ec] = std::from_chars(s.data(), s.data() + s.size(), v,
                                   std::chars_format::general);
  if (ec == std::errc::result_out_of_range) {
    if (isTooLarge(s))
      return NumberParse::OutOfRange;
    v = 0; // underflow: strtod's answer is a zero of the right sign
  } else if (ec != std::errc() || end != s.data() + s.size()) {
    return NumberParse::NotNumber;
  }
  out = negative ? -v : v;
  return NumberParse::Ok;
}

// A field as it appears in a message: quoted, shortened, control bytes escaped.
std::string quoteField(std::string_view s) {
  constexpr size_t kMaxShown = 40;
  std::string q = "'";
  for (size_t i = 0; i < s.size() && i < kMaxShown; ++i) {
    unsigned char c = static_cast<unsigned char>(s[i]);
    if (c >= 0x20 && c < 0x7f) {
      q += static_cast<char>(c);
      continue;
    }
    static const char kHex[] = "0123456789abcdef";
    q += "\\x";
    q += kHex[c >> 4];
    q += kHex[c & 15];
  }
  return q + (s.size() > kMaxShown ? "'..." : "'");
}

struct Field {
  std::string_view text; // without surrounding spaces and tabs
  size_t column;         // 1-based byte column of `text` in its line
};

void splitLine(std::string_view line, std::vector<Field> &fields) {
  fields.clear();
  size_t start = 0;
  while (true) {
    size_t comma = line.find(',', start);
    size_t end = comma == std::string_view::npos ? line.size() : comma;
    size_t b = start, e = end;
    while (b < e && (line[b] == ' ' || line[b] == '\t'))
      ++b;
    while (e > b && (line[e - 1] == ' ' || line[e - 1] == '\t'))
      --e;
    fields.push_back({line.substr(b, e - b), b + 1});
    if (comma == std::string_view::npos)
      return;
    start = comma + 1;
  }
}

std::string where(const std::string &name, size_t line, size_t column) {
  return name + ":" + std::to_string(line) + ":" + std::to_string(column) + ": ";
}

// Resolves Python-style [begin, end) against `width` columns.
Status resolveColumns(const CsvReadOptions &opt, size_t width,
                      const std::string &name, size_t &begin, size_t &end) {
  int64_t w = static_cast<int64_t>(width);
  // Counted from the end, a column is w + index: checked, as the options may
  // hold any value.
  int64_t b = opt.columnBegin, e = opt.columnEnd == kCsvEnd ? w : opt.columnEnd;
  bool inRange = (b >= 0 || checkedAdd(w, b, b)) && (e >= 0 || checkedAdd(w, e, e));
  if (!inRange || b < 0 || e > w || b >= e)
    return Status::error(name + ": columns [" + std::to_string(opt.columnBegin) +
                         ", " +
                         (opt.columnEnd == kCsvEnd ? std::string("end")
                                                   : std::to_string(opt.columnEnd)) +
                         ") select nothing from " + std::to_string(width) +
                         " columns");
  begin = static_cast<size_t>(b);
  end = static_cast<size_t>(e);
  return Status::success();
}

template <typename T>
Status parseTable(std::string_view text, const std::string &name,
                  const CsvReadOptions &opt, HostTensor &out) {
  // An editor's byte order mark is not part of the first field.
  if (text.size() >= 3 && std::memcmp(text.data(), "\xEF\xBB\xBF", 3) == 0)
    text.remove_prefix(3);
  if (text.empty())
    return Status::error(name + ": file is empty");
  const char *dtypeName = std::is_same_v<T, double> ? "f64" : "f32";

  std::vector<Field> fields;
  std::vector<T> values;
  size_t width = 0, begin = 0, end = 0, rows = 0;
  size_t lineNo = 0;
  for (size_t pos = 0; pos < text.size();) {
    ++lineNo;
    size_t newline = text.find('\n', pos);
    size_t next = newline == std::string_view::npos ? text.size() : newline + 1;
    size_t lineEnd = newline == std::string_view::npos ? text.size() : newline;
    if (newline != std::string_view::npos && lineEnd > pos && text[lineEnd - 1] == '\r')
      --lineEnd;
    std::string_view line = text.substr(pos, lineEnd - pos);
    pos = next;
    if (line.empty())
      return Status::error(where(name, lineNo, 1) + "empty line");
    splitLine(line, fields);

    if (lineNo == 1) {
      width = fields.size();
      if (Status s = resolveColumns(opt, width, name, begin, end); !s)
        return s;
      bool header = opt.header == CsvHeader::Present;
      if (opt.header == CsvHeader::Auto) {
        // An empty field is an error in data, not a sign of a header: a
        // first row "1,,3" is reported, not skipped.
        T ignored;
        for (const Field &f : fields)
          header = header ||
                   (!f.text.empty() && parseNumber(f.text, ignored) == NumberParse::NotNumber);
      }
      if (header)
        continue;
    }
    if (fields.size() != width) {
      size_t column = fields.size() > width ? fields[width].column
                                            : line.size() + 1;
      return Status::error(where(name, lineNo, column) + "row has " +
                           std::to_string(fields.size()) + " fields, expected " +
                           std::to_string(width));
    }
    for (size_t c = 0; c < width; ++c) {
      T v{};
      NumberParse r = parseNumber(fields[c].text, v);
      if (r == NumberParse::NotNumber)
        return Status::error(where(name, lineNo, fields[c].column) +
                             "expected a number, found " + quoteField(fields[c].text));
      if (r == NumberParse::OutOfRange)
        return Status::error(where(name, lineNo, fields[c].column) + "number " +
                             quoteField(fields[c].text) + " is out of range for " +
                             dtypeName);
      if (c >= begin && c < end)
        values.push_back(v);
    }
    ++rows;
  }
  if (rows == 0)
    return Status::error(name + ": no data rows");

  int64_t dims[2] = {static_cast<int64_t>(rows), static_cast<int64_t>(end - begin)};
  if (Status s = HostTensor::create(opt.dtype, 2, dims, out); !s)
    return Status::error(name + ": " + s.message());
  std::memcpy(out.bytes.data(), values.data(), values.size() * sizeof(T));
  return Status::success();
}

// std::to_chars in general format without a precision writes the fewest
// significant digits that read back to the same value (what a search from
// %.17g downwards finds) in %g's layout, and ignores the locale. Without the
// format argument it would pick fixed notation for large integers and print
// every digit of them.
template <typename T> std::string shortest(T value) {
  if (value != value)
    return "nan"; // to_chars may write "-nan", which some readers reject
  char buf[64];
  auto written = std::to_chars(buf, buf + sizeof(buf), value, std::chars_format::general);
  return std::string(buf, written.ptr);
}

// Appends element `i` of `t` as text.
void appendElement(const TensorView &t, int64_t i, std::string &out) {
  switch (t.dtype) {
  case DType::F64: out += shortest(t.as<const double>()[i]); return;
  case DType::F32: out += shortest(t.as<const float>()[i]); return;
  case DType::I32: out += std::to_string(t.as<const int32_t>()[i]); return;
  case DType::I8: out += std::to_string(t.as<const int8_t>()[i]); return;
  default: return;
  }
}

Status checkHeaderName(const std::string &file, const std::string &name) {
  double ignored;
  if (name.find_first_of(",\r\n") != std::string::npos)
    return Status::error(file + ": column name " + quoteField(name) +
                         " contains a comma or line break");
  std::string_view trimmed = name;
  while (!trimmed.empty() && (trimmed.front() == ' ' || trimmed.front() == '\t'))
    trimmed.remove_prefix(1);
  while (!trimmed.empty() && (trimmed.back() == ' ' || trimmed.back() == '\t'))
    trimmed.remove_suffix(1);
  if (parseNumber(trimmed, ignored) != NumberParse::NotNumber)
    return Status::error(file + ": column name " + quoteField(name) +
                         " reads as a number");
  return Status::success();
}

Status encodeTable(const TensorView &tensor, const std::vector<std::string> &header,
                   const std::string &name, std::string &out) {
  if (tensor.rank > 2)
    return Status::error(name + ": expected a scalar, 1-D or 2-D tensor, got rank " +
                         std::to_string(tensor.rank));
  if (tensor.dtype != DType::F64 && tensor.dtype != DType::F32 &&
      tensor.dtype != DType::I32 && tensor.dtype != DType::I8)
    return Status::error(name + ": only f64, f32, i32 and i8 tensors can be written");
  size_t bytes = 0;
  if (!denseByteSize(tensor.dtype, tensor.rank, tensor.dims, bytes))
    return Status::error(name + ": tensor shape is invalid or too large");
  if (bytes > 0 && !tensor.data)
    return Status::error(name + ": tensor has no data");
  // A scalar is one row of one value; it reads back as a [1, 1] table, which
  // binds to a scalar (thymos-run compares shapes without unit dimensions).
  int64_t rows = tensor.rank == 0 ? 1 : tensor.dims[0];
  int64_t cols = tensor.rank == 2 ? tensor.dims[1] : 1;
  if (!header.empty() && static_cast<int64_t>(header.size()) != cols)
    return Status::error(name + ": " + std::to_string(header.size()) +
                         " column names for " + std::to_string(cols) + " columns");
  if (cols == 0 && rows > 0)
    return Status::error(name + ": a tensor with no columns has no CSV form");

  out.clear();
  for (size_t c = 0; c < header.size(); ++c) {
    if (Status s = checkHeaderName(name, header[c]); !s)
      return s;
    out += c == 0 ? "" : ",";
    out += header[c];
  }
  if (!header.empty())
    out += '\n';
  for (int64_t r = 0; r < rows; ++r) {
    for (int64_t c = 0; c < cols; ++c) {
      if (c > 0)
        out += ',';
      appendElement(tensor, r * cols + c, out);
    }
    out += '\n';
  }
  return Status::success();
}

// One number of a column selection: a decimal integer with an optional '-'.
Status parseColumnNumber(std::string_view text, const std::string &spec, int64_t &out) {
  auto [end, ec] = std::from_chars(text.data(), text.data() + text.size(), out);
  if (ec == std::errc::result_out_of_range ||
      (ec == std::errc() && (out < kMinCsvColumn || out > kMaxCsvColumn)))
    return Status::error(spec + ": column number " + quoteField(text) + " is out of range");
  if (ec != std::errc() || end != text.data() + text.size())
    return Status::error(spec + ": bad column selection: expected a column number, found " +
                         quoteField(text));
  return Status::success();
}

} // namespace

Status parseCsvColumns(std::string_view selection, const std::string &spec,
                       CsvReadOptions &options) {
  size_t colon = selection.find(':');
  if (colon == std::string_view::npos) {
    if (selection.empty())
      return Status::error(spec + ": empty column selection (write FILE#C, FILE#B:E, or "
                                  "no '#')");
    int64_t c;
    if (Status s = parseColumnNumber(selection, spec, c); !s)
      return s;
    options.columnBegin = c;
    options.columnEnd = c == -1 ? kCsvEnd : c + 1; // no overflow: |c| <= kMaxCsvColumn
    return Status::success();
  }
  std::string_view first = selection.substr(0, colon), last = selection.substr(colon + 1);
  options.columnBegin = 0;
  options.columnEnd = kCsvEnd;
  if (!first.empty())
    if (Status s = parseColumnNumber(first, spec, options.columnBegin); !s)
      return s;
  if (!last.empty())
    if (Status s = parseColumnNumber(last, spec, options.columnEnd); !s)
      return s;
  return Status::success();
}

Status parseCsv(std::string_view text, const std::string &name,
                const CsvReadOptions &options, HostTensor &out) {
  // The values are collected before the table's size is known; text held
  // in memory has no size limit, so running out of memory is an error too.
  try {
    if (options.dtype == DType::F64)
      return parseTable<double>(text, name, options, out);
    if (options.dtype == DType::F32)
      return parseTable<float>(text, name, options, out);
  } catch (const std::bad_alloc &) {
    return Status::error(name + ": out of memory reading the table");
  }
  return Status::error(name + ": CSV is read as f64 or f32 only");
}

Status readCsv(const std::string &path, const CsvReadOptions &options,
               HostTensor &out) {
  std::string text;
  if (Status s = io::readWholeFile(path, kMaxCsvBytes, text); !s)
    return s;
  return parseCsv(text, path, options, out);
}

Status encodeCsv(const TensorView &tensor, const std::vector<std::string> &header,
                 std::string &out) {
  return encodeTable(tensor, header, "csv", out);
}

Status writeCsv(const std::string &path, const TensorView &tensor,
                const std::vector<std::string> &header) {
  std::string text;
  if (Status s = encodeTable(tensor, header, path, text); !s)
    return s;
  return io::writeWholeFile(path, text.data(), text.size(), nullptr, 0);
}

std::string formatShortest(double value) { return shortest(value); }
std::string formatShortest(float value) { return shortest(value); }

} // namespace thymos::rt
