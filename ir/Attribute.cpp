//===- Attribute.cpp - Constant op parameters ------------------------------===//

#include "ir/Attribute.h"

#include "llvm/ADT/StringRef.h"

#include <charconv>
#include <cmath>
#include <cstdlib>
#include <cstring>

namespace thymos::ir {

Attribute Attribute::integer(int64_t value) {
  Attribute a;
  a.form_ = Form::Integer;
  a.integer_ = value;
  return a;
}

Attribute Attribute::floating(double value) {
  Attribute a;
  a.form_ = Form::Float;
  a.float_ = value;
  return a;
}

Attribute Attribute::boolean(bool value) {
  Attribute a;
  a.form_ = Form::Bool;
  a.boolean_ = value;
  return a;
}

Attribute Attribute::string(std::string value) {
  Attribute a;
  a.form_ = Form::String;
  a.string_ = std::move(value);
  return a;
}

Attribute Attribute::array(llvm::ArrayRef<int64_t> shape, std::vector<double> values,
                           bool integral) {
  Attribute a;
  a.form_ = Form::Array;
  a.shape_.assign(shape.begin(), shape.end());
  a.values_ = std::move(values);
  a.integral_ = integral;
  return a;
}

Attribute Attribute::integerArray(llvm::ArrayRef<int64_t> values) {
  int64_t n = static_cast<int64_t>(values.size());
  return array(llvm::makeArrayRef(n), std::vector<double>(values.begin(), values.end()), true);
}

double Attribute::asFloat() const {
  if (form_ == Form::Integer)
    return static_cast<double>(integer_);
  return form_ == Form::Float ? float_ : 0.0;
}

bool Attribute::isIntegral() const {
  return form_ == Form::Integer || (form_ == Form::Array && integral_);
}

bool Attribute::satisfies(AttrKind kind) const {
  switch (kind) {
  case AttrKind::Integer: return form_ == Form::Integer;
  case AttrKind::Float: return form_ == Form::Integer || form_ == Form::Float;
  case AttrKind::Bool: return form_ == Form::Bool;
  case AttrKind::IntegerArray: {
    if (form_ != Form::Array || !integral_ || shape_.size() != 1)
      return false;
    // Elements are stored as doubles: beyond 2^53 they are no longer exact
    // integers, and converting them back to int64 could overflow.
    for (double v : values_)
      if (!(std::fabs(v) <= 9007199254740992.0))
        return false;
    return true;
  }
  case AttrKind::Dense: return form_ != Form::Bool && form_ != Form::String;
  case AttrKind::String: return form_ == Form::String;
  }
  return false;
}

std::string quoteString(llvm::StringRef text) {
  static const char hex[] = "0123456789abcdef";
  std::string out = "\"";
  for (char c : text) {
    auto u = static_cast<unsigned char>(c);
    if (c == '"' || c == '\\') {
      out += '\\';
      out += c;
    } else if (c == '\n') {
      out += "\\n";
    } else if (c == '\t') {
      out += "\\t";
    } else if (u < 0x20 || u == 0x7f) {
      out += "\\x";
      out += hex[u >> 4];
      out += hex[u & 15];
    } else {
      out += c;
    }
  }
  return out + '"';
}

std::string formatFloat(double value) {
  if (std::isnan(value))
    return "nan";
  if (std::isinf(value))
    return value < 0 ? "-inf" : "inf";
  // The shortest text that reads back exactly, fixed or scientific, whichever
  // is shorter (100.0 rather than 1e+02).
  char buf[40];
  char *end = std::to_chars(buf, buf + sizeof buf, value).ptr;
  std::string text(buf, end);
  if (text.find_first_of(".e") == std::string::npos)
    text += ".0";
  return text;
}

namespace {

std::string formatElement(double value, bool integral) {
  if (integral)
    return std::to_string(static_cast<int64_t>(value));
  return formatFloat(value);
}

/// Writes the sub-array of `dimIndex` starting at element `*next`.
void formatNested(const Attribute &a, size_t dimIndex, size_t &next, std::string &out) {
  llvm::ArrayRef<int64_t> shape = a.arrayShape();
  out += '[';
  for (int64_t i = 0; i < shape[dimIndex]; ++i) {
    if (i)
      out += ", ";
    if (dimIndex + 1 < shape.size())
      formatNested(a, dimIndex + 1, next, out);
    else
      out += formatElement(a.arrayValues()[next++], a.isIntegral());
  }
  out += ']';
}

} // namespace

std::string Attribute::str() const {
  switch (form_) {
  case Form::Integer: return std::to_string(integer_);
  case Form::Float: return formatFloat(float_);
  case Form::Bool: return boolean_ ? "true" : "false";
  case Form::String: return quoteString(string_);
  case Form::Array: {
    std::string out;
    size_t next = 0;
    formatNested(*this, 0, next, out);
    return out;
  }
  }
  return {};
}

bool operator==(const Attribute &a, const Attribute &b) {
  if (a.form_ != b.form_)
    return false;
  switch (a.form_) {
  case Attribute::Form::Integer: return a.integer_ == b.integer_;
  case Attribute::Form::Float: return std::memcmp(&a.float_, &b.float_, sizeof(double)) == 0;
  case Attribute::Form::Bool: return a.boolean_ == b.boolean_;
  case Attribute::Form::String: return a.string_ == b.string_;
  case Attribute::Form::Array:
    return a.integral_ == b.integral_ && a.shape_ == b.shape_ &&
           a.values_.size() == b.values_.size() &&
           (a.values_.empty() ||
            std::memcmp(a.values_.data(), b.values_.data(), a.values_.size() * sizeof(double)) ==
                0);
  }
  return false;
}

} // namespace thymos::ir
