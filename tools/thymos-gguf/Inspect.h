//===- Inspect.h - `thymos-gguf inspect`: a GGUF file's contents -------------===//
#pragma once

#include "runtime/gguf/File.h"

#include <cstdint>
#include <cstdio>
#include <string>

namespace thymos::gguf_tool {

struct InspectOptions {
  bool json = false;
  uint64_t arrayItems = 6; // items shown per array; 0 = all
};

/// Prints the version, alignment, data offset, metadata and tensor table.
void printText(std::FILE *out, const std::string &path, const gguf::File &file,
               const InspectOptions &options);
void printJson(std::FILE *out, const std::string &path, const gguf::File &file,
               const InspectOptions &options);

} // namespace thymos::gguf_tool
