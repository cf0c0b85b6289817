//===- ParseLiterals.cpp - .thy types, attributes and numbers ------------------===//

#include "ir/ParserImpl.h"
#include "ir/TypeRules.h"

#include <fmt/format.h>

#include <cmath>
#include <cstdlib>

namespace thymos::ir::detail {

namespace {

/// Integers in arrays are stored as doubles, which hold them exactly up to 2^53.
constexpr int64_t kMaxExactInteger = int64_t(1) << 53;

std::string dtypeNamesForMessage() {
  std::string names;
  for (unsigned i = 0; i < kNumDTypes; ++i)
    names += std::string(i ? (i + 1 == kNumDTypes ? " or " : ", ") : "") +
             getDTypeInfo(static_cast<DType>(i)).name;
  return names;
}

} // namespace

bool Parser::parseType(TensorType &type, llvm::SMLoc &loc) {
  loc = tok_.loc();
  std::optional<DType> dtype;
  if (tok_.is(TokenKind::BareIdent))
    dtype = lookupDType(tok_.spelling);
  if (!dtype)
    return fail(tok_.loc(), "expected a tensor type such as 'f32[4,8]' (element type " +
                                dtypeNamesForMessage() + "), found " + describe(tok_));
  consume();
  if (!expect(TokenKind::LSquare, "after the element type (write 'f32[]' for a scalar)"))
    return false;
  llvm::SmallVector<int64_t, 4> dims;
  if (!tok_.is(TokenKind::RSquare)) {
    do {
      int64_t dim = -1;
      if (!tok_.is(TokenKind::Integer) || tok_.spelling.getAsInteger(10, dim) || dim < 0)
        return fail(tok_.loc(), "expected a dimension size (a non-negative integer below "
                                "2^63), found " + describe(tok_));
      dims.push_back(dim);
      consume();
    } while (consumeIf(TokenKind::Comma));
  }
  if (!expect(TokenKind::RSquare, "to end the shape"))
    return false;
  type = TensorType(*dtype, dims);
  return true;
}

bool Parser::parseTypeList(llvm::SmallVectorImpl<TensorType> &types,
                           llvm::SmallVectorImpl<llvm::SMLoc> &locs, llvm::StringRef what) {
  if (!expect(TokenKind::LParen, ("to start the " + what + " type list").str()))
    return false;
  if (consumeIf(TokenKind::RParen))
    return true;
  do {
    if (!appendType(types, locs))
      return false;
  } while (consumeIf(TokenKind::Comma));
  return expect(TokenKind::RParen, ("to end the " + what + " type list").str());
}

bool Parser::appendType(llvm::SmallVectorImpl<TensorType> &types,
                        llvm::SmallVectorImpl<llvm::SMLoc> &locs) {
  TensorType type;
  llvm::SMLoc loc;
  if (!parseType(type, loc))
    return false;
  types.push_back(type);
  locs.push_back(loc);
  return true;
}

bool Parser::parseResultTypes(llvm::SmallVectorImpl<TensorType> &types,
                              llvm::SmallVectorImpl<llvm::SMLoc> &locs) {
  if (tok_.is(TokenKind::LParen))
    return parseTypeList(types, locs, "result");
  return appendType(types, locs);
}

bool Parser::parseAttrDict(std::vector<NamedAttribute> &attrs) {
  consume(); // '{'
  if (consumeIf(TokenKind::RBrace))
    return true;
  do {
    if (!tok_.is(TokenKind::BareIdent))
      return fail(tok_.loc(), "expected an attribute name, found " + describe(tok_));
    NamedAttribute attr{tok_.spelling.str(), {}, tok_.loc()};
    consume();
    if (!expect(TokenKind::Equal, "after the attribute name") || !parseAttrValue(attr.value))
      return false;
    attrs.push_back(std::move(attr));
  } while (consumeIf(TokenKind::Comma));
  return expect(TokenKind::RBrace, "to end the attributes");
}

bool Parser::parseAttrValue(Attribute &value) {
  if (tok_.isKeyword("true") || tok_.isKeyword("false")) {
    value = Attribute::boolean(tok_.spelling == "true");
    consume();
    return true;
  }
  if (tok_.is(TokenKind::BadString))
    return fail(tok_.loc(), "unterminated string (a '\"' is missing on this line)");
  if (tok_.is(TokenKind::String)) {
    std::string text, error;
    size_t offset = 0;
    if (!unescapeString(tok_.spelling, text, error, offset))
      return fail(llvm::SMLoc::getFromPointer(tok_.spelling.data() + offset), error);
    value = Attribute::string(std::move(text));
    consume();
    return true;
  }
  if (tok_.is(TokenKind::LSquare)) {
    llvm::SmallVector<int64_t, 4> shape;
    std::vector<double> values;
    bool integral = true;
    if (!parseArrayLiteral(0, shape, values, integral))
      return false;
    value = Attribute::array(shape, std::move(values), integral);
    return true;
  }
  double number;
  bool integral;
  int64_t integer;
  if (!parseNumber(number, integral, &integer))
    return false;
  value = integral ? Attribute::integer(integer) : Attribute::floating(number);
  return true;
}

bool Parser::parseArrayLiteral(unsigned depth, llvm::SmallVectorImpl<int64_t> &shape,
                               std::vector<double> &values, bool &integral) {
  llvm::SMLoc open = tok_.loc();
  consume(); // '['
  if (depth >= kMaxRank)
    return fail(open, fmt::format("array literal nests deeper than {} levels", kMaxRank));
  int64_t count = 0;
  llvm::SmallVector<int64_t, 4> elementShape;
  if (!tok_.is(TokenKind::RSquare)) {
    do {
      llvm::SMLoc elementLoc = tok_.loc();
      llvm::SmallVector<int64_t, 4> sub;
      if (tok_.is(TokenKind::LSquare)) {
        if (!parseArrayLiteral(depth + 1, sub, values, integral))
          return false;
      } else {
        double number;
        bool isInteger;
        if (!parseNumber(number, isInteger, nullptr))
          return false;
        values.push_back(number);
        integral &= isInteger;
      }
      if (count == 0)
        elementShape = sub;
      else if (sub != elementShape)
        return fail(elementLoc, "array literal is not rectangular: this element has shape " +
                                    shapeStr(sub) + " but the first has shape " +
                                    shapeStr(elementShape));
      ++count;
    } while (consumeIf(TokenKind::Comma));
  }
  if (!expect(TokenKind::RSquare, "to end the array"))
    return false;
  shape.clear();
  shape.push_back(count);
  shape.append(elementShape.begin(), elementShape.end());
  return true;
}

bool Parser::parseNumber(double &value, bool &integral, int64_t *integerValue) {
  if (tok_.is(TokenKind::Integer)) {
    int64_t v;
    if (tok_.spelling.getAsInteger(10, v))
      return fail(tok_.loc(), "integer literal " + describe(tok_) + " does not fit in 64 bits");
    // Compared as integers: 2^53 + 1 converts to the double 2^53.
    if (!integerValue && (v > kMaxExactInteger || v < -kMaxExactInteger))
      return fail(tok_.loc(), "integer " + describe(tok_) +
                                  " in an array literal is beyond 2^53 and would be rounded");
    value = static_cast<double>(v);
    integral = true;
    if (integerValue)
      *integerValue = v;
    consume();
    return true;
  }
  if (tok_.is(TokenKind::Float) || tok_.isKeyword("inf") || tok_.isKeyword("nan")) {
    std::string text = tok_.spelling.str();
    value = text == "nan" ? NAN : std::strtod(text.c_str(), nullptr);
    if (std::isinf(value) && text.find("inf") == std::string::npos)
      return fail(tok_.loc(), "number " + describe(tok_) + " is out of range for f64");
    // A nonzero digit before the exponent that still gives 0 is an underflow.
    if (value == 0 && text.find_first_of("123456789") < text.find_first_of("eE"))
      return fail(tok_.loc(), "number " + describe(tok_) + " is too small for f64 and would "
                                                           "round to zero");
    integral = false;
    consume();
    return true;
  }
  return fail(tok_.loc(), "expected a number, a string, 'true', 'false' or '[', found " +
                              describe(tok_));
}

} // namespace thymos::ir::detail
