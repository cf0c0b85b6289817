//===- ValueFormat.cpp - GGUF metadata values as text and as JSON ------------===//

#include "ValueFormat.h"

#include "tools/JsonText.h"

#include <algorithm>
#include <cmath>
#include <cstdio>
#include <cstdlib>

namespace thymos::gguf_tool {

using gguf::Value;
using gguf::ValueType;

namespace {

/// Length of the valid UTF-8 sequence at s[i], or 0 (overlong forms,
/// surrogates and code points past U+10FFFF are invalid).
size_t utf8Length(std::string_view s, size_t i) { return tools::utf8SequenceLength(s, i); }

std::string scalarText(const Value &v, bool json) {
  switch (v.type()) {
  case ValueType::Bool:
    return *v.toBool() ? "true" : "false";
  case ValueType::Float32:
  case ValueType::Float64: {
    double d = *v.toFloat();
    if (std::isfinite(d))
      return v.type() == ValueType::Float32 ? floatText(static_cast<float>(d)) : doubleText(d);
    std::string name = std::isnan(d) ? "nan" : d > 0 ? "inf" : "-inf";
    return json ? "\"" + name + "\"" : name;
  }
  case ValueType::String:
    return json ? jsonString(*v.toString()) : quotedText(*v.toString(), 120);
  default:
    if (auto i = v.toInt())
      return std::to_string(*i);
    return std::to_string(*v.toUInt());
  }
}

template <typename T> std::string shortest(T v, int maxDigits, const char *format) {
  char buf[40];
  for (int digits = 1; digits <= maxDigits; ++digits) {
    std::snprintf(buf, sizeof buf, format, digits, double(v));
    if (static_cast<T>(std::strtod(buf, nullptr)) == v)
      break;
  }
  return buf;
}

} // namespace

std::string floatText(float v) { return shortest(v, 9, "%.*g"); }
std::string doubleText(double v) { return shortest(v, 17, "%.*g"); }

std::string typeText(const Value &v) {
  if (!v.isArray())
    return gguf::valueTypeName(v.type());
  if (v.elementType() == ValueType::Array && !v.items().empty())
    return "array<" + typeText(v.items()[0]) + ">";
  return std::string("array<") + gguf::valueTypeName(v.elementType()) + ">";
}

std::string escapedText(std::string_view s, size_t maxBytes) {
  std::string out;
  size_t i = 0;
  while (i < s.size() && i < maxBytes) {
    unsigned char c = static_cast<unsigned char>(s[i]);
    size_t n = utf8Length(s, i);
    if (c == '"' || c == '\\') {
      out += '\\';
      out += static_cast<char>(c);
    } else if (c == '\n') {
      out += "\\n";
    } else if (c == '\t') {
      out += "\\t";
    } else if (n == 0 || c < 0x20 || c == 0x7f) {
      char buf[8];
      std::snprintf(buf, sizeof buf, "\\x%02x", c);
      out += buf;
      n = 1;
    } else {
      out.append(s.substr(i, n));
    }
    i += n;
  }
  return out;
}

std::string quotedText(std::string_view s, size_t maxBytes) {
  std::string out = "\"" + escapedText(s, maxBytes) + "\"";
  if (s.size() > maxBytes)
    out += "... (" + std::to_string(s.size()) + " bytes)";
  return out;
}

std::string jsonString(std::string_view s) { return tools::jsonQuoted(s); }

std::string valueText(const Value &v, uint64_t maxItems) {
  if (!v.isArray())
    return scalarText(v, false);
  uint64_t shown = maxItems == 0 ? v.size() : std::min(v.size(), maxItems);
  std::string out = "[";
  for (uint64_t i = 0; i < shown; ++i)
    out += (i ? ", " : "") + (v.elementType() == ValueType::Array ? valueText(v.items()[i], maxItems)
                                                                   : scalarText(v.at(i), false));
  if (shown < v.size())
    out += shown ? ", ..." : "...";
  return out + "]";
}

std::string valueJson(const Value &v, uint64_t maxItems) {
  if (!v.isArray())
    return scalarText(v, true);
  uint64_t shown = maxItems == 0 ? v.size() : std::min(v.size(), maxItems);
  std::string out = std::string("{\"element_type\": \"") + gguf::valueTypeName(v.elementType()) +
                    "\", \"length\": " + std::to_string(v.size()) + ", \"items\": [";
  for (uint64_t i = 0; i < shown; ++i)
    out += (i ? ", " : "") + (v.elementType() == ValueType::Array ? valueJson(v.items()[i], maxItems)
                                                                   : scalarText(v.at(i), true));
  return out + "]}";
}

} // namespace thymos::gguf_tool
