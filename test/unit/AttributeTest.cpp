//===- AttributeTest.cpp - Attribute text, schema kinds and equality --------===//
//
// formatFloat is checked against strtod (the text must read back to the same
// bits) and against std::to_chars, an independent shortest-round-trip
// formatter, for the number of significant digits.
//
//===----------------------------------------------------------------------===//

#include "ir/Attribute.h"
#include "ir/Lexer.h"

#include <catch2/catch.hpp>

#include <cfloat>
#include <charconv>
#include <cmath>
#include <cstdint>
#include <cstdlib>
#include <cstring>
#include <limits>
#include <optional>
#include <random>
#include <string>
#include <vector>

using thymos::ir::Attribute;
using thymos::ir::AttrKind;
using thymos::ir::formatFloat;

namespace {

uint64_t bitsOf(double v) {
  uint64_t bits;
  std::memcpy(&bits, &v, sizeof bits);
  return bits;
}

double fromBits(uint64_t bits) {
  double v;
  std::memcpy(&v, &bits, sizeof v);
  return v;
}

/// Significant digits of a decimal text: leading and trailing zeros of the
/// mantissa do not count ("0.00120" and "1.2e-3" both have 2).
int significantDigits(const std::string &text) {
  std::string digits;
  for (char c : text) {
    if (c == 'e' || c == 'E')
      break;
    if (c >= '0' && c <= '9')
      digits += c;
  }
  size_t first = digits.find_first_not_of('0');
  if (first == std::string::npos)
    return 1;
  size_t last = digits.find_last_not_of('0');
  return static_cast<int>(last - first + 1);
}

/// std::to_chars without a precision writes the shortest text that reads
/// back exactly: in the given format, or in whichever of fixed and scientific
/// is shorter when no format is given.
std::string toChars(double v, std::optional<std::chars_format> format) {
  char buf[400];
  auto result = format ? std::to_chars(buf, buf + sizeof buf, v, *format)
                       : std::to_chars(buf, buf + sizeof buf, v);
  return std::string(buf, result.ptr);
}

/// "Shortest" can mean the fewest significant digits (the digits of the
/// shortest scientific form) or the fewest characters (fixed or scientific,
/// whichever is shorter, plus the ".0" that marks a float). A text that is
/// neither has a shorter alternative in both senses.
bool isShortest(double v, const std::string &text) {
  std::string digitsReference = toChars(v, std::chars_format::scientific);
  if (significantDigits(text) <= significantDigits(digitsReference))
    return true;
  std::string lengthReference = toChars(v, std::nullopt);
  if (lengthReference.find_first_of(".e") == std::string::npos)
    lengthReference += ".0";
  return text.size() <= lengthReference.size();
}

/// The text must be one number token of the .thy language, so that the
/// printer's output of a float attribute lexes back as a float.
bool lexesAsOneFloat(const std::string &text) {
  thymos::ir::Lexer lexer(text);
  thymos::ir::Token tok = lexer.next();
  bool isNumber = tok.is(thymos::ir::TokenKind::Float) ||
                  (tok.is(thymos::ir::TokenKind::BareIdent) &&
                   (tok.spelling == "inf" || tok.spelling == "nan"));
  return isNumber && tok.spelling.size() == text.size() &&
         lexer.next().is(thymos::ir::TokenKind::Eof);
}

void checkRoundTrips(double v) {
  std::string text = formatFloat(v);
  INFO("value bits 0x" << std::hex << bitsOf(v) << std::dec << ", text '" << text << "'");
  CHECK(bitsOf(std::strtod(text.c_str(), nullptr)) == bitsOf(v));
  CHECK(text.find_first_of(".e") != std::string::npos);
  CHECK(lexesAsOneFloat(text));
}

std::vector<double> specialDoubles() {
  return {0.0,
          -0.0,
          0.1,
          -0.1,
          1e-5,
          1.0,
          -1.0,
          0.5,
          1.0 / 3.0,
          2.0 / 3.0,
          100.0,
          123456789.0,
          1e16,
          1e21,
          1e22,
          1e23,
          9007199254740992.0,
          9007199254740993.0,
          3.141592653589793,
          2.718281828459045,
          DBL_MAX,
          -DBL_MAX,
          DBL_MIN,
          -DBL_MIN,
          DBL_TRUE_MIN,
          -DBL_TRUE_MIN,
          std::nextafter(DBL_MIN, 0.0), // largest subnormal
          fromBits(0x000fffffffffffffull),
          fromBits(0x0000000000000002ull),
          fromBits(0x0008000000000000ull),
          DBL_EPSILON,
          1.0 + DBL_EPSILON,
          std::nextafter(1.0, 0.0),
          5e-324,
          4.35,
          0.3,
          1e-300,
          1.7976931348623157e308};
}

std::vector<double> randomFiniteDoubles(size_t count) {
  std::mt19937_64 rng(0x7479686d6f73ull);
  std::vector<double> values;
  while (values.size() < count) {
    double v = fromBits(rng());
    if (std::isfinite(v))
      values.push_back(v);
  }
  return values;
}

} // namespace

TEST_CASE("formatFloat round-trips special values bitwise", "[Attribute][formatFloat]") {
  for (double v : specialDoubles())
    checkRoundTrips(v);
}

TEST_CASE("formatFloat round-trips random bit patterns", "[Attribute][formatFloat]") {
  for (double v : randomFiniteDoubles(100000))
    checkRoundTrips(v);
}

TEST_CASE("formatFloat round-trips every power of two", "[Attribute][formatFloat]") {
  for (int e = -1074; e <= 1023; ++e)
    checkRoundTrips(std::ldexp(1.0, e));
}

TEST_CASE("formatFloat writes exact texts for simple values", "[Attribute][formatFloat]") {
  CHECK(formatFloat(0.0) == "0.0");
  CHECK(formatFloat(-0.0) == "-0.0");
  CHECK(formatFloat(0.1) == "0.1");
  CHECK(formatFloat(1.0) == "1.0");
  CHECK(formatFloat(1.5) == "1.5");
  CHECK(formatFloat(-2.5) == "-2.5");
  CHECK(std::strtod(formatFloat(100.0).c_str(), nullptr) == 100.0);
  CHECK(formatFloat(std::numeric_limits<double>::infinity()) == "inf");
  CHECK(formatFloat(-std::numeric_limits<double>::infinity()) == "-inf");
  CHECK(formatFloat(std::numeric_limits<double>::quiet_NaN()) == "nan");
  CHECK(std::strtod(formatFloat(1e-5).c_str(), nullptr) == 1e-5);
  CHECK(significantDigits(formatFloat(1e-5)) == 1);
  CHECK(significantDigits(formatFloat(DBL_TRUE_MIN)) == 1);
}

TEST_CASE("formatFloat is shortest for special and random values", "[Attribute][formatFloat]") {
  std::vector<double> values = specialDoubles();
  std::vector<double> random = randomFiniteDoubles(100000);
  values.insert(values.end(), random.begin(), random.end());
  for (double v : values) {
    std::string text = formatFloat(v);
    INFO("formatFloat gives '" << text << "'; shortest digits '"
                               << toChars(v, std::chars_format::scientific)
                               << "', shortest text '" << toChars(v, std::nullopt) << "'");
    CHECK(isShortest(v, text));
  }
}

// Powers of two sit at a binade edge, where the interval of texts that read
// back to the value is lopsided: the nearest n-digit decimal may miss it while
// a farther one above hits it, so "%.*g" with growing precision is not enough.
TEST_CASE("formatFloat is shortest for powers of two", "[Attribute][formatFloat]") {
  int longer = 0;
  for (int e = -1074; e <= 1023; ++e) {
    double v = std::ldexp(1.0, e);
    std::string text = formatFloat(v);
    INFO("2^" << e << ": formatFloat gives '" << text << "', shortest digits '"
              << toChars(v, std::chars_format::scientific) << "'");
    CHECK(isShortest(v, text));
    longer += !isShortest(v, text);
  }
  CHECK(longer == 0);
}

TEST_CASE("satisfies matches attribute forms to schema kinds", "[Attribute]") {
  struct Row {
    const char *what;
    Attribute attr;
    bool integer, floating, boolean, integerArray, dense;
  };
  const Row table[] = {
      {"integer", Attribute::integer(3), true, true, false, false, true},
      {"negative integer", Attribute::integer(-1), true, true, false, false, true},
      {"float", Attribute::floating(1.5), false, true, false, false, true},
      {"integral float", Attribute::floating(2.0), false, true, false, false, true},
      {"true", Attribute::boolean(true), false, false, true, false, false},
      {"false", Attribute::boolean(false), false, false, true, false, false},
      {"integer array", Attribute::integerArray({1, 2}), false, false, false, true, true},
      {"empty array", Attribute::array({0}, {}, true), false, false, false, true, true},
      {"float array", Attribute::array({2}, {1.0, 2.5}, false), false, false, false, false,
       true},
      {"nested integer array", Attribute::array({2, 2}, {1, 2, 3, 4}, true), false, false,
       false, false, true},
  };
  for (const Row &row : table) {
    INFO(row.what << " " << row.attr.str());
    CHECK(row.attr.satisfies(AttrKind::Integer) == row.integer);
    CHECK(row.attr.satisfies(AttrKind::Float) == row.floating);
    CHECK(row.attr.satisfies(AttrKind::Bool) == row.boolean);
    CHECK(row.attr.satisfies(AttrKind::IntegerArray) == row.integerArray);
    CHECK(row.attr.satisfies(AttrKind::Dense) == row.dense);
  }
}

TEST_CASE("str writes scalars and nested arrays", "[Attribute]") {
  CHECK(Attribute::integer(-42).str() == "-42");
  CHECK(Attribute::integer(INT64_MIN).str() == "-9223372036854775808");
  CHECK(Attribute::floating(1.5).str() == "1.5");
  CHECK(Attribute::floating(-0.0).str() == "-0.0");
  CHECK(Attribute::boolean(true).str() == "true");
  CHECK(Attribute::boolean(false).str() == "false");
  CHECK(Attribute::integerArray({-1, 0, 5}).str() == "[-1, 0, 5]");
  CHECK(Attribute::array({0}, {}, true).str() == "[]");
  CHECK(Attribute::array({2, 0}, {}, true).str() == "[[], []]");
  CHECK(Attribute::array({2, 2}, {1, 2, 3, 4}, true).str() == "[[1, 2], [3, 4]]");
  CHECK(Attribute::array({2, 2}, {1, 2.5, 3, 4}, false).str() == "[[1.0, 2.5], [3.0, 4.0]]");
  CHECK(Attribute::array({1, 1, 1}, {7}, true).str() == "[[[7]]]");
  CHECK(Attribute::array({2, 3, 1}, {1, 2, 3, 4, 5, 6}, true).str() ==
        "[[[1], [2], [3]], [[4], [5], [6]]]");
  CHECK(Attribute::array({2, 1}, {0.5, -1.0}, false).str() == "[[0.5], [-1.0]]");
  CHECK(Attribute::array({3}, {std::numeric_limits<double>::infinity(), -0.0, 1e-5}, false)
            .str() == "[inf, -0.0, " + formatFloat(1e-5) + "]");
}

TEST_CASE("equality is exact and bitwise on floats", "[Attribute]") {
  double nan = std::numeric_limits<double>::quiet_NaN();
  CHECK(Attribute::floating(nan) == Attribute::floating(nan));
  CHECK(Attribute::floating(0.0) != Attribute::floating(-0.0));
  CHECK(Attribute::integer(1) != Attribute::floating(1.0));
  CHECK(Attribute::integer(1) == Attribute::integer(1));
  CHECK(Attribute::boolean(true) != Attribute::boolean(false));
  CHECK(Attribute::integerArray({1, 2}) == Attribute::array({2}, {1, 2}, true));
  CHECK(Attribute::integerArray({1, 2}) != Attribute::array({2}, {1, 2}, false));
  CHECK(Attribute::array({2, 1}, {1, 2}, true) != Attribute::array({1, 2}, {1, 2}, true));
  CHECK(Attribute::array({0}, {}, true) == Attribute::array({0}, {}, true));
  CHECK(Attribute::array({1}, {-0.0}, false) != Attribute::array({1}, {0.0}, false));
}

TEST_CASE("typed reads widen or fall back", "[Attribute]") {
  CHECK(Attribute::integer(7).asFloat() == 7.0);
  CHECK(Attribute::floating(2.5).asFloat() == 2.5);
  CHECK(Attribute::boolean(true).asInteger() == 0);
  CHECK(Attribute::integer(7).isIntegral());
  CHECK_FALSE(Attribute::floating(7.0).isIntegral());
  CHECK(Attribute::integerArray({1}).isIntegral());
}
