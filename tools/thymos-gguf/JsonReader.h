//===- JsonReader.h - A small strict JSON reader for vocabulary files ------===//
//
// thymos-gguf links the runtime only, so it reads Hugging Face tokenizer
// files with this: RFC 8259 JSON into a tree, strings decoded to UTF-8
// (\uXXXX surrogate pairs joined), numbers kept as text. An error names the
// line and column.
//
//===----------------------------------------------------------------------===//
#pragma once

#include <map>
#include <memory>
#include <string>
#include <string_view>
#include <vector>

namespace thymos::tools {

struct JsonValue {
  enum class Kind { Null, Bool, Number, String, Array, Object } kind = Kind::Null;
  bool boolean = false;
  std::string text; // a string's value, or a number as written
  std::vector<JsonValue> items;
  std::vector<std::pair<std::string, JsonValue>> members; // in file order

  /// The member `key` of an object, or null.
  const JsonValue *find(std::string_view key) const;
  bool isString() const { return kind == Kind::String; }
  bool isArray() const { return kind == Kind::Array; }
  bool isObject() const { return kind == Kind::Object; }
};

/// Parses `text`; on failure returns false with "line L, column C: why".
bool parseJson(std::string_view text, JsonValue &out, std::string &error);

} // namespace thymos::tools
