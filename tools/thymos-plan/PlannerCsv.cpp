//===- PlannerCsv.cpp - The lifetimes CSV of static memory planning --------===//

#include "PlannerCsv.h"

#include <limits>
#include <unordered_map>

namespace thymos::plan {
namespace {

constexpr std::string_view kHeader = "id,lower,upper,size";
constexpr const char *kColumnNames[] = {"id", "lower", "upper", "size"};

// Decimal integer with an optional '-', checked against int64_t overflow.
bool parseInteger(std::string_view text, int64_t &value) {
  bool negative = !text.empty() && text[0] == '-';
  if (negative)
    text.remove_prefix(1);
  if (text.empty())
    return false;
  uint64_t magnitude = 0;
  uint64_t limit = uint64_t(std::numeric_limits<int64_t>::max()) + (negative ? 1 : 0);
  for (char c : text) {
    if (c < '0' || c > '9')
      return false;
    unsigned digit = unsigned(c - '0');
    if (magnitude > (limit - digit) / 10)
      return false;
    magnitude = magnitude * 10 + digit;
  }
  // Negating in unsigned arithmetic keeps INT64_MIN representable.
  value = negative ? int64_t(0 - magnitude) : int64_t(magnitude);
  return true;
}

} // namespace

CsvParseResult parsePlannerCsv(std::string_view text) {
  CsvParseResult result;
  std::unordered_map<int64_t, size_t> firstLineOfId;
  size_t lineStart = 0;
  for (size_t lineNumber = 1; lineStart < text.size() || lineNumber == 1; ++lineNumber) {
    size_t lineEnd = text.find('\n', lineStart);
    if (lineEnd == std::string_view::npos)
      lineEnd = text.size();
    std::string_view line = text.substr(lineStart, lineEnd - lineStart);
    if (!line.empty() && line.back() == '\r') // files written on Windows
      line.remove_suffix(1);
    size_t base = lineStart;
    lineStart = lineEnd + 1;
    auto error = [&](size_t column, std::string message) {
      result.errors.push_back({base + column, lineNumber, column + 1, std::move(message)});
    };

    if (lineNumber == 1) {
      if (line != kHeader)
        error(0, "expected the header 'id,lower,upper,size'");
      if (text.empty())
        break;
      continue;
    }
    if (line.empty())
      continue;

    int64_t values[4];
    size_t columns[4];
    size_t fieldStart = 0, count = 0;
    bool ok = true;
    while (ok) {
      size_t comma = line.find(',', fieldStart);
      std::string_view field = line.substr(fieldStart, comma == std::string_view::npos
                                                          ? std::string_view::npos
                                                          : comma - fieldStart);
      if (count == 4) {
        error(fieldStart - 1, "unexpected fifth column; expected id,lower,upper,size");
        ok = false;
        break;
      }
      columns[count] = fieldStart;
      if (!parseInteger(field, values[count])) {
        error(fieldStart, std::string("expected an integer for '") + kColumnNames[count] +
                              "', found '" + std::string(field) + "'");
        ok = false;
        break;
      }
      ++count;
      if (comma == std::string_view::npos)
        break;
      fieldStart = comma + 1;
    }
    if (!ok)
      continue;
    if (count < 4) {
      error(line.size(), "expected 4 columns (id,lower,upper,size), found " +
                             std::to_string(count));
      continue;
    }
    passes::PlannerBuffer buffer{values[0], values[1], values[2], values[3]};
    if (buffer.size < 0) {
      error(columns[3], "size must not be negative, found " + std::to_string(buffer.size));
      continue;
    }
    if (buffer.lower >= buffer.upper) {
      error(columns[2], "upper (" + std::to_string(buffer.upper) +
                            ") must be greater than lower (" + std::to_string(buffer.lower) +
                            "): lifetimes are half-open [lower, upper)");
      continue;
    }
    auto [it, inserted] = firstLineOfId.emplace(buffer.id, lineNumber);
    if (!inserted) {
      error(columns[0], "duplicate id " + std::to_string(buffer.id) + " (first on line " +
                            std::to_string(it->second) + ")");
      continue;
    }
    result.buffers.push_back(buffer);
  }
  return result;
}

std::string writePlannerCsv(const std::vector<passes::PlannerBuffer> &buffers,
                            const std::vector<int64_t> &offsets) {
  std::string out = std::string(kHeader) + ",offset\n";
  for (size_t i = 0; i < buffers.size(); ++i) {
    const passes::PlannerBuffer &b = buffers[i];
    out += std::to_string(b.id) + ',' + std::to_string(b.lower) + ',' + std::to_string(b.upper) +
           ',' + std::to_string(b.size) + ',' + std::to_string(offsets[i]) + '\n';
  }
  return out;
}

} // namespace thymos::plan
