//===- Utf8.cpp - Code points, their classes, and UTF-8 --------------------===//

#include "runtime/llm/UnicodeCategories.h"

#include <algorithm>

namespace thymos::llm::unicode {

CategoryClass categoryOf(uint32_t codePoint) {
  using detail::kCategoryRanges;
  if (codePoint >= 0x110000)
    return CategoryClass::Unassigned;
  const detail::CategoryRange *end = kCategoryRanges + detail::kCategoryRangeCount;
  const detail::CategoryRange *after = std::upper_bound(
      kCategoryRanges, end, codePoint,
      [](uint32_t c, const detail::CategoryRange &r) { return c < r.start; });
  return after[-1].value; // the first range starts at 0
}

bool isWhiteSpace(uint32_t codePoint) {
  return std::binary_search(detail::kWhiteSpace, detail::kWhiteSpace + detail::kWhiteSpaceCount,
                            codePoint);
}

std::vector<uint32_t> decodeUtf8(std::string_view utf8) {
  std::vector<uint32_t> out;
  out.reserve(utf8.size());
  const auto *s = reinterpret_cast<const unsigned char *>(utf8.data());
  size_t n = utf8.size();
  for (size_t i = 0; i < n;) {
    unsigned char lead = s[i];
    size_t length = lead < 0x80 ? 1 : (lead >> 5) == 0x6 ? 2 : (lead >> 4) == 0xE ? 3
                  : (lead >> 3) == 0x1E ? 4 : 0;
    bool valid = length > 0 && i + length <= n;
    for (size_t k = 1; valid && k < length; ++k)
      valid = (s[i + k] & 0xC0) == 0x80;
    if (!valid) {
      out.push_back(0xFFFD);
      ++i;
      continue;
    }
    uint32_t c = length == 1 ? lead : lead & (0x7F >> length);
    for (size_t k = 1; k < length; ++k)
      c = (c << 6) | (s[i + k] & 0x3F);
    out.push_back(c);
    i += length;
  }
  return out;
}

void appendUtf8(std::string &out, uint32_t c) {
  if (c < 0x80) {
    out.push_back(char(c));
  } else if (c < 0x800) {
    out.push_back(char(0xC0 | (c >> 6)));
    out.push_back(char(0x80 | (c & 0x3F)));
  } else if (c < 0x10000) {
    out.push_back(char(0xE0 | (c >> 12)));
    out.push_back(char(0x80 | ((c >> 6) & 0x3F)));
    out.push_back(char(0x80 | (c & 0x3F)));
  } else {
    out.push_back(char(0xF0 | (c >> 18)));
    out.push_back(char(0x80 | ((c >> 12) & 0x3F)));
    out.push_back(char(0x80 | ((c >> 6) & 0x3F)));
    out.push_back(char(0x80 | (c & 0x3F)));
  }
}

} // namespace thymos::llm::unicode
