//===- ValueFormat.h - GGUF metadata values as text and as JSON --------------===//
//
// `thymos-gguf inspect` prints whatever a file holds, so every byte of a
// string is escaped into something printable, and arrays (a vocabulary can
// hold 150000 strings) are cut to their first `maxItems` items.
//
//===----------------------------------------------------------------------===//
#pragma once

#include "runtime/gguf/Value.h"

#include <cstdint>
#include <string>
#include <string_view>

namespace thymos::gguf_tool {

/// The shortest decimal text that reads back as the same float or double.
std::string floatText(float v);
std::string doubleText(double v);

/// "uint32", "string", "array<string>", "array<array<int32>>"...
std::string typeText(const gguf::Value &v);

/// `s` with printable ASCII and valid UTF-8 kept, anything else escaped as
/// \n, \t, \xNN (and " and \ escaped); at most `maxBytes` of `s`.
std::string escapedText(std::string_view s, size_t maxBytes);
/// A quoted, escaped string: printable ASCII and valid UTF-8 kept, anything
/// else as \n, \t, \xNN. Text beyond `maxBytes` becomes "...".
std::string quotedText(std::string_view s, size_t maxBytes);
/// A JSON string literal: invalid UTF-8 bytes become U+FFFD.
std::string jsonString(std::string_view s);

/// A value for people: 64, 1e-05, "llama", [1, 2, 3, ...].
/// `maxItems` 0 shows every item.
std::string valueText(const gguf::Value &v, uint64_t maxItems);
/// A value as JSON: numbers, booleans, strings; an array is an object
/// {"element_type": T, "length": N, "items": [...]} with at most `maxItems`
/// items (0: all). Non-finite floats are the strings "nan", "inf", "-inf".
std::string valueJson(const gguf::Value &v, uint64_t maxItems);

} // namespace thymos::gguf_tool
