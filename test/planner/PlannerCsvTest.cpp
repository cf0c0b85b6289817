//===- PlannerCsvTest.cpp - The lifetimes CSV reader and writer ------------===//

#include "PlannerCsv.h"

#include <catch2/catch.hpp>

using namespace thymos;

namespace {

// The single error of `text`, which must have exactly one.
plan::CsvError onlyError(const std::string &text) {
  plan::CsvParseResult result = plan::parsePlannerCsv(text);
  REQUIRE(result.errors.size() == 1);
  return result.errors[0];
}

} // namespace

TEST_CASE("CSV: a valid file round-trips with an offset column", "[csv]") {
  plan::CsvParseResult result = plan::parsePlannerCsv(
      "id,lower,upper,size\n1,0,3,4\r\n\n2,-5,9,0\n7,3,4,9223372036854775807");
  REQUIRE(result.errors.empty());
  REQUIRE(result.buffers.size() == 3);
  CHECK(result.buffers[1].lower == -5);
  CHECK(result.buffers[2].size == INT64_MAX);
  CHECK(plan::writePlannerCsv(result.buffers, {8, 0, 4}) ==
        "id,lower,upper,size,offset\n1,0,3,4,8\n2,-5,9,0,0\n7,3,4,9223372036854775807,4\n");
}

TEST_CASE("CSV: the header must be exact", "[csv]") {
  CHECK(onlyError("").message == "expected the header 'id,lower,upper,size'");
  plan::CsvError e = onlyError("buffer,start,end,size\n0,0,1,1\n");
  CHECK(e.line == 1);
  CHECK(e.column == 1);
}

TEST_CASE("CSV: bad numbers are reported at their column", "[csv]") {
  plan::CsvError e = onlyError("id,lower,upper,size\n1,0,x3,4\n");
  CHECK(e.line == 2);
  CHECK(e.column == 5);
  CHECK(e.message == "expected an integer for 'upper', found 'x3'");
  CHECK(onlyError("id,lower,upper,size\n1,0,3,\n").message ==
        "expected an integer for 'size', found ''");
  CHECK(onlyError("id,lower,upper,size\n1,0,3, 4\n").column == 7);
  CHECK(onlyError("id,lower,upper,size\n1,0,3,4.5\n").column == 7);
  // One past INT64_MAX.
  CHECK(onlyError("id,lower,upper,size\n1,0,3,9223372036854775808\n").column == 7);
  CHECK(onlyError("id,lower,upper,size\n-,0,3,4\n").column == 1);
}

TEST_CASE("CSV: sizes, lifetimes and ids are checked", "[csv]") {
  plan::CsvError negative = onlyError("id,lower,upper,size\n1,0,3,-4\n");
  CHECK(negative.column == 7);
  CHECK(negative.message == "size must not be negative, found -4");
  plan::CsvError empty = onlyError("id,lower,upper,size\n1,3,3,4\n");
  CHECK(empty.column == 5);
  CHECK(empty.message.find("must be greater than lower (3)") != std::string::npos);
  plan::CsvError duplicate = onlyError("id,lower,upper,size\n5,0,3,4\n6,0,3,4\n5,1,2,1\n");
  CHECK(duplicate.line == 4);
  CHECK(duplicate.message == "duplicate id 5 (first on line 2)");
}

TEST_CASE("CSV: column counts are checked", "[csv]") {
  plan::CsvError missing = onlyError("id,lower,upper,size\n1,0,3\n");
  CHECK(missing.column == 6);
  CHECK(missing.message == "expected 4 columns (id,lower,upper,size), found 3");
  plan::CsvError extra = onlyError("id,lower,upper,size\n1,0,3,4,5\n");
  CHECK(extra.column == 8);
}

TEST_CASE("CSV: every bad line is reported, with byte offsets", "[csv]") {
  std::string text = "id,lower,upper,size\n1,0,3,a\n2,0,3,4\n3,0,0,1\n";
  plan::CsvParseResult result = plan::parsePlannerCsv(text);
  REQUIRE(result.errors.size() == 2);
  CHECK(result.errors[0].line == 2);
  CHECK(result.errors[1].line == 4);
  CHECK(text.substr(result.errors[0].offset, 1) == "a");
  CHECK(result.buffers.size() == 1);
}
