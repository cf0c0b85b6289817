//===- Attribute.h - Constant op parameters --------------------------------===//
//
// An attribute is what the text says: an integer, a float, a boolean, a
// string, or a rectangular (nested) array of numbers. Which of these an op accepts for a
// given name is the op's attribute schema (AttrKind, from Ops.td); the
// verifier checks the two against each other.
//
//===----------------------------------------------------------------------===//
#pragma once

#include "llvm/ADT/ArrayRef.h"
#include "llvm/ADT/SmallVector.h"
#include "llvm/ADT/StringRef.h"

#include <cstdint>
#include <string>
#include <vector>

namespace thymos::ir {

/// The kinds an attribute schema can ask for (see OpBase.td).
enum class AttrKind : uint8_t { Integer, Float, Bool, IntegerArray, Dense, String };

class Attribute {
public:
  enum class Form : uint8_t { Integer, Float, Bool, Array, String };

  static Attribute integer(int64_t value);
  static Attribute floating(double value);
  static Attribute boolean(bool value);
  static Attribute string(std::string value);
  /// `shape` gives the nesting (`[[1,2],[3,4]]` has shape {2,2}; `[]` has
  /// shape {0}); `values` are row-major; `integral` says every element was
  /// written as an integer.
  static Attribute array(llvm::ArrayRef<int64_t> shape, std::vector<double> values,
                         bool integral);
  static Attribute integerArray(llvm::ArrayRef<int64_t> values);

  Form form() const { return form_; }
  int64_t asInteger() const { return form_ == Form::Integer ? integer_ : 0; }
  /// Integers widen to double.
  double asFloat() const;
  bool asBool() const { return form_ == Form::Bool && boolean_; }
  /// The unescaped text of a string attribute; empty for other forms.
  const std::string &asString() const { return string_; }
  llvm::ArrayRef<int64_t> arrayShape() const { return shape_; }
  llvm::ArrayRef<double> arrayValues() const { return values_; }
  bool isIntegral() const;

  bool satisfies(AttrKind kind) const;
  /// `[1, 2]`, `1.5`, `true`, `"a\"b"`: the text the printer writes, which re-parses to
  /// an equal attribute.
  std::string str() const;

  /// Bitwise on floats, so that NaN equals itself and -0.0 differs from 0.0.
  friend bool operator==(const Attribute &a, const Attribute &b);
  friend bool operator!=(const Attribute &a, const Attribute &b) { return !(a == b); }

private:
  Form form_ = Form::Integer;
  bool boolean_ = false;
  bool integral_ = false;
  int64_t integer_ = 0;
  double float_ = 0;
  llvm::SmallVector<int64_t, 2> shape_;
  std::vector<double> values_;
  std::string string_;
};

/// `text` as a string literal: quoted, with `"`, `\` and control characters
/// escaped (`\n`, `\t`, `\xHH`), so that the lexer reads it back exactly.
std::string quoteString(llvm::StringRef text);

/// The shortest decimal text that parses back to exactly `value`; always has a
/// '.' or an exponent (or is inf/nan) so it reads back as a float.
std::string formatFloat(double value);

} // namespace thymos::ir
