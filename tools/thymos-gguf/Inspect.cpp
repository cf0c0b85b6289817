//===- Inspect.cpp - `thymos-gguf inspect`: a GGUF file's contents -----------===//
//
// The text form is for people (aligned columns, arrays cut short); the JSON
// form is one object with one metadata entry or tensor per line, so that
// scripts and FileCheck can both read it.
//
//===----------------------------------------------------------------------===//

#include "Inspect.h"

#include "ValueFormat.h"
#include "runtime/CheckedSize.h"

#include <algorithm>
#include <map>

namespace thymos::gguf_tool {

using gguf::File;
using gguf::KeyValue;
using gguf::TensorInfo;

namespace {

const char *typeName(const TensorInfo &t) { return gguf::ggmlTypeInfo(t.type)->name; }

/// "F32 x48" or "Q8_0 x44, F32 x11": how many tensors of each type.
std::string typeSummary(const File &file) {
  std::map<std::string, uint64_t> counts;
  for (const TensorInfo &t : file.tensors())
    ++counts[typeName(t)];
  std::string out;
  for (const auto &[name, count] : counts)
    out += (out.empty() ? "" : ", ") + name + " x" + std::to_string(count);
  return out;
}

void totals(const File &file, uint64_t &elements, uint64_t &bytes) {
  // The tensors do not overlap inside the file, so `bytes` cannot wrap; a
  // quantized element takes under a byte, so `elements` saturates instead.
  elements = bytes = 0;
  for (const TensorInfo &t : file.tensors()) {
    if (!checkedAdd(elements, t.elements, elements))
      elements = UINT64_MAX;
    bytes += t.bytes;
  }
}

} // namespace

void printText(std::FILE *out, const std::string &path, const File &file,
               const InspectOptions &options) {
  uint64_t elements = 0, bytes = 0;
  totals(file, elements, bytes);
  std::fprintf(out, "file: %s (%llu bytes)\n", path.c_str(), (unsigned long long)file.size());
  std::fprintf(out, "GGUF version: %u\n", file.version());
  std::fprintf(out, "alignment: %u\n", file.alignment());
  std::fprintf(out, "data section: byte %llu\n", (unsigned long long)file.dataOffset());

  std::fprintf(out, "\nmetadata: %zu key-value pairs\n", file.metadata().size());
  // "array<string>[512]": arrays show their length with their type.
  auto typeColumn = [](const gguf::Value &v) {
    return typeText(v) + (v.isArray() ? "[" + std::to_string(v.size()) + "]" : "");
  };
  size_t keyWidth = 0, typeWidth = 0;
  for (const KeyValue &kv : file.metadata()) {
    keyWidth = std::max(keyWidth, std::min<size_t>(kv.key.size(), 48));
    typeWidth = std::max(typeWidth, typeColumn(kv.value).size());
  }
  for (const KeyValue &kv : file.metadata())
    std::fprintf(out, "  %-*s  %-*s  %s\n", int(keyWidth), escapedText(kv.key, 200).c_str(),
                 int(typeWidth), typeColumn(kv.value).c_str(),
                 valueText(kv.value, options.arrayItems).c_str());

  std::fprintf(out, "\ntensors: %zu (%s; %llu elements, %llu bytes of data)\n",
               file.tensors().size(), typeSummary(file).c_str(), (unsigned long long)elements,
               (unsigned long long)bytes);
  if (file.tensors().empty())
    return;
  size_t nameWidth = 4, shapeWidth = 5;
  for (const TensorInfo &t : file.tensors()) {
    nameWidth = std::max(nameWidth, escapedText(t.name, 64).size());
    shapeWidth = std::max(shapeWidth, gguf::shapeText(t.dims).size());
  }
  std::fprintf(out, "  %-*s  %-7s  %-*s  %12s  %12s\n", int(nameWidth), "name", "type",
               int(shapeWidth), "shape", "offset", "bytes");
  for (const TensorInfo &t : file.tensors())
    std::fprintf(out, "  %-*s  %-7s  %-*s  %12llu  %12llu\n", int(nameWidth),
                 escapedText(t.name, 64).c_str(),
                 typeName(t), int(shapeWidth), gguf::shapeText(t.dims).c_str(),
                 (unsigned long long)t.offset, (unsigned long long)t.bytes);
}

void printJson(std::FILE *out, const std::string &path, const File &file,
               const InspectOptions &options) {
  uint64_t elements = 0, bytes = 0;
  totals(file, elements, bytes);
  std::fprintf(out, "{\n  \"file\": %s,\n  \"file_size\": %llu,\n  \"version\": %u,\n",
               jsonString(path).c_str(), (unsigned long long)file.size(), file.version());
  std::fprintf(out, "  \"alignment\": %u,\n  \"data_offset\": %llu,\n", file.alignment(),
               (unsigned long long)file.dataOffset());
  std::fprintf(out, "  \"tensor_elements\": %llu,\n  \"tensor_bytes\": %llu,\n",
               (unsigned long long)elements, (unsigned long long)bytes);
  std::fprintf(out, "  \"metadata\": [");
  for (size_t i = 0; i < file.metadata().size(); ++i) {
    const KeyValue &kv = file.metadata()[i];
    std::fprintf(out, "%s\n    {\"key\": %s, \"type\": \"%s\", \"value\": %s}", i ? "," : "",
                 jsonString(kv.key).c_str(), gguf::valueTypeName(kv.value.type()),
                 valueJson(kv.value, options.arrayItems).c_str());
  }
  std::fprintf(out, "%s],\n  \"tensors\": [", file.metadata().empty() ? "" : "\n  ");
  for (size_t i = 0; i < file.tensors().size(); ++i) {
    const TensorInfo &t = file.tensors()[i];
    std::string shape = gguf::shapeText(t.dims);
    std::fprintf(out,
                 "%s\n    {\"name\": %s, \"type\": \"%s\", \"type_id\": %u, \"shape\": %s, "
                 "\"offset\": %llu, \"bytes\": %llu}",
                 i ? "," : "", jsonString(t.name).c_str(), typeName(t), t.type, shape.c_str(),
                 (unsigned long long)t.offset, (unsigned long long)t.bytes);
  }
  std::fprintf(out, "%s]\n}\n", file.tensors().empty() ? "" : "\n  ");
}

} // namespace thymos::gguf_tool
