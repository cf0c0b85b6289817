//===- JsonReader.cpp - A small strict JSON reader for vocabulary files ----===//

#include "JsonReader.h"

#include "runtime/llm/UnicodeCategories.h"

#include <cstring>

namespace thymos::tools {

const JsonValue *JsonValue::find(std::string_view key) const {
  for (const auto &[name, value] : members)
    if (name == key)
      return &value;
  return nullptr;
}

namespace {

class Parser {
public:
  explicit Parser(std::string_view text) : s_(text) {}

  bool parse(JsonValue &out, std::string &error) {
    skipSpace();
    if (!value(out, 0))
      return report(error);
    skipSpace();
    if (pos_ != s_.size()) {
      why_ = "text after the JSON value";
      return report(error);
    }
    return true;
  }

private:
  static constexpr int kMaxDepth = 512;

  bool report(std::string &error) const {
    size_t line = 1, column = 1;
    for (size_t i = 0; i < pos_ && i < s_.size(); ++i, ++column)
      if (s_[i] == '\n') {
        ++line;
        column = 0;
      }
    error = "line " + std::to_string(line) + ", column " + std::to_string(column) + ": " + why_;
    return false;
  }

  bool fail(const char *why) {
    why_ = why;
    return false;
  }

  void skipSpace() {
    while (pos_ < s_.size() &&
           (s_[pos_] == ' ' || s_[pos_] == '\t' || s_[pos_] == '\n' || s_[pos_] == '\r'))
      ++pos_;
  }

  bool literal(std::string_view word) {
    if (s_.substr(pos_, word.size()) != word)
      return fail("expected a JSON value");
    pos_ += word.size();
    return true;
  }

  bool value(JsonValue &out, int depth) {
    if (depth > kMaxDepth)
      return fail("nested too deeply");
    if (pos_ >= s_.size())
      return fail("unexpected end of the text");
    char c = s_[pos_];
    if (c == '{')
      return object(out, depth);
    if (c == '[')
      return array(out, depth);
    if (c == '"') {
      out.kind = JsonValue::Kind::String;
      return string(out.text);
    }
    if (c == 't' || c == 'f') {
      out.kind = JsonValue::Kind::Bool;
      out.boolean = c == 't';
      return literal(c == 't' ? "true" : "false");
    }
    if (c == 'n')
      return literal("null");
    return number(out);
  }

  bool number(JsonValue &out) {
    size_t start = pos_;
    auto digits = [&] {
      size_t from = pos_;
      while (pos_ < s_.size() && s_[pos_] >= '0' && s_[pos_] <= '9')
        ++pos_;
      return pos_ > from;
    };
    if (pos_ < s_.size() && s_[pos_] == '-')
      ++pos_;
    if (!digits())
      return fail("expected a JSON value");
    if (pos_ < s_.size() && s_[pos_] == '.' && (++pos_, !digits()))
      return fail("expected digits after '.'");
    if (pos_ < s_.size() && (s_[pos_] == 'e' || s_[pos_] == 'E')) {
      ++pos_;
      if (pos_ < s_.size() && (s_[pos_] == '+' || s_[pos_] == '-'))
        ++pos_;
      if (!digits())
        return fail("expected digits in the exponent");
    }
    out.kind = JsonValue::Kind::Number;
    out.text = std::string(s_.substr(start, pos_ - start));
    return true;
  }

  bool hex4(uint32_t &v) {
    if (pos_ + 4 > s_.size())
      return fail("a \\u escape needs four hex digits");
    v = 0;
    for (int i = 0; i < 4; ++i) {
      char c = s_[pos_++];
      int d = c >= '0' && c <= '9' ? c - '0' : c >= 'a' && c <= 'f' ? c - 'a' + 10
            : c >= 'A' && c <= 'F' ? c - 'A' + 10 : -1;
      if (d < 0)
        return fail("a \\u escape needs four hex digits");
      v = v * 16 + uint32_t(d);
    }
    return true;
  }

  bool string(std::string &out) {
    ++pos_; // the opening quote
    out.clear();
    while (true) {
      if (pos_ >= s_.size())
        return fail("unterminated string");
      char c = s_[pos_++];
      if (c == '"')
        return true;
      if (static_cast<unsigned char>(c) < 0x20)
        return fail("a control character inside a string");
      if (c != '\\') {
        out += c;
        continue;
      }
      if (pos_ >= s_.size())
        return fail("unterminated string");
      char e = s_[pos_++];
      const char *simple = "\"\\/bfnrt", *meaning = "\"\\/\b\f\n\r\t";
      if (const char *at = e ? std::strchr(simple, e) : nullptr) {
        out += meaning[at - simple];
        continue;
      }
      if (e != 'u')
        return fail("an unknown escape in a string");
      uint32_t cp;
      if (!hex4(cp))
        return false;
      if (cp >= 0xD800 && cp < 0xDC00 && s_.substr(pos_, 2) == "\\u") {
        size_t back = pos_;
        pos_ += 2;
        uint32_t low;
        if (!hex4(low))
          return false;
        if (low >= 0xDC00 && low < 0xE000)
          cp = 0x10000 + ((cp - 0xD800) << 10) + (low - 0xDC00);
        else
          pos_ = back; // a lone high surrogate, then another escape
      }
      llm::unicode::appendUtf8(out, cp);
    }
  }

  bool array(JsonValue &out, int depth) {
    out.kind = JsonValue::Kind::Array;
    ++pos_;
    skipSpace();
    if (pos_ < s_.size() && s_[pos_] == ']')
      return ++pos_, true;
    while (true) {
      out.items.emplace_back();
      skipSpace();
      if (!value(out.items.back(), depth + 1))
        return false;
      skipSpace();
      if (pos_ < s_.size() && s_[pos_] == ',') {
        ++pos_;
        continue;
      }
      if (pos_ < s_.size() && s_[pos_] == ']')
        return ++pos_, true;
      return fail("expected ',' or ']' in an array");
    }
  }

  bool object(JsonValue &out, int depth) {
    out.kind = JsonValue::Kind::Object;
    ++pos_;
    skipSpace();
    if (pos_ < s_.size() && s_[pos_] == '}')
      return ++pos_, true;
    while (true) {
      skipSpace();
      if (pos_ >= s_.size() || s_[pos_] != '"')
        return fail("expected a member name in quotes");
      std::string key;
      if (!string(key))
        return false;
      skipSpace();
      if (pos_ >= s_.size() || s_[pos_] != ':')
        return fail("expected ':' after a member name");
      ++pos_;
      skipSpace();
      out.members.emplace_back(std::move(key), JsonValue());
      if (!value(out.members.back().second, depth + 1))
        return false;
      skipSpace();
      if (pos_ < s_.size() && s_[pos_] == ',') {
        ++pos_;
        continue;
      }
      if (pos_ < s_.size() && s_[pos_] == '}')
        return ++pos_, true;
      return fail("expected ',' or '}' in an object");
    }
  }

  std::string_view s_;
  size_t pos_ = 0;
  const char *why_ = "";
};

} // namespace

bool parseJson(std::string_view text, JsonValue &out, std::string &error) {
  out = JsonValue();
  return Parser(text).parse(out, error);
}

} // namespace thymos::tools
