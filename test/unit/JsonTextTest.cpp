// The tools' JSON strings stay valid JSON for any bytes: text a model
// generates, or names read from an untrusted plan or GGUF file, may hold
// bytes that are not UTF-8.

#include "tools/JsonText.h"

#include <catch2/catch.hpp>

using thymos::tools::jsonQuoted;
using thymos::tools::utf8SequenceLength;

TEST_CASE("jsonQuoted escapes and keeps well-formed UTF-8", "[tools][json]") {
  CHECK(jsonQuoted("plain") == "\"plain\"");
  CHECK(jsonQuoted("a\"b\\c") == "\"a\\\"b\\\\c\"");
  CHECK(jsonQuoted(std::string("\n\t\x01\x7f", 4)) == "\"\\u000a\\u0009\\u0001\\u007f\"");
  CHECK(jsonQuoted("\xc3\xa9t\xc3\xa9 \xe2\x82\xac \xf0\x9f\x98\x80") ==
        "\"\xc3\xa9t\xc3\xa9 \xe2\x82\xac \xf0\x9f\x98\x80\"");
}

TEST_CASE("jsonQuoted replaces bytes that are not UTF-8 by U+FFFD", "[tools][json]") {
  CHECK(jsonQuoted("a\x80z") == "\"a\\ufffdz\"");                // stray continuation
  CHECK(jsonQuoted("\xc3") == "\"\\ufffd\"");                    // truncated at the end
  CHECK(jsonQuoted("\xe2\x82z") == "\"\\ufffd\\ufffdz\"");       // truncated in the middle
  CHECK(jsonQuoted("\xc0\xaf") == "\"\\ufffd\\ufffd\"");          // overlong '/'
  CHECK(jsonQuoted("\xed\xa0\x80") == "\"\\ufffd\\ufffd\\ufffd\""); // a surrogate
  CHECK(jsonQuoted("\xf4\x90\x80\x80") == "\"\\ufffd\\ufffd\\ufffd\\ufffd\""); // past U+10FFFF
  CHECK(jsonQuoted("\xff") == "\"\\ufffd\"");
}

TEST_CASE("utf8SequenceLength gives the length of each well-formed sequence", "[tools][json]") {
  const std::string_view s = "a\xc3\xa9\xe2\x82\xac\xf0\x9f\x98\x80";
  CHECK(utf8SequenceLength(s, 0) == 1);
  CHECK(utf8SequenceLength(s, 1) == 2);
  CHECK(utf8SequenceLength(s, 3) == 3);
  CHECK(utf8SequenceLength(s, 6) == 4);
  CHECK(utf8SequenceLength(s, 2) == 0); // a continuation byte on its own
}
