//===- GgmlType.cpp - ggml's tensor element types and their block layouts ----===//

#include "runtime/gguf/GgmlType.h"

#include "runtime/CheckedSize.h"

#include <cctype>
#include <cstdint>

namespace thymos::gguf {

namespace {

// Block layouts: K-quants, IQ and TQ types pack 256 values per super-block,
// the older quants and IQ4_NL/MXFP4 32. The byte counts are the sizes of
// ggml's block structs (scales, then packed quants), e.g. Q4_0 = fp16 scale
// + 16 bytes of nibbles = 18.
constexpr GgmlTypeInfo kTypes[] = {
    {GgmlType::F32, "F32", 1, 4},
    {GgmlType::F16, "F16", 1, 2},
    {GgmlType::Q4_0, "Q4_0", 32, 18},
    {GgmlType::Q4_1, "Q4_1", 32, 20},
    {GgmlType::Q5_0, "Q5_0", 32, 22},
    {GgmlType::Q5_1, "Q5_1", 32, 24},
    {GgmlType::Q8_0, "Q8_0", 32, 34},
    {GgmlType::Q8_1, "Q8_1", 32, 36},
    {GgmlType::Q2_K, "Q2_K", 256, 84},
    {GgmlType::Q3_K, "Q3_K", 256, 110},
    {GgmlType::Q4_K, "Q4_K", 256, 144},
    {GgmlType::Q5_K, "Q5_K", 256, 176},
    {GgmlType::Q6_K, "Q6_K", 256, 210},
    {GgmlType::Q8_K, "Q8_K", 256, 292},
    {GgmlType::IQ2_XXS, "IQ2_XXS", 256, 66},
    {GgmlType::IQ2_XS, "IQ2_XS", 256, 74},
    {GgmlType::IQ3_XXS, "IQ3_XXS", 256, 98},
    {GgmlType::IQ1_S, "IQ1_S", 256, 50},
    {GgmlType::IQ4_NL, "IQ4_NL", 32, 18},
    {GgmlType::IQ3_S, "IQ3_S", 256, 110},
    {GgmlType::IQ2_S, "IQ2_S", 256, 82},
    {GgmlType::IQ4_XS, "IQ4_XS", 256, 136},
    {GgmlType::I8, "I8", 1, 1},
    {GgmlType::I16, "I16", 1, 2},
    {GgmlType::I32, "I32", 1, 4},
    {GgmlType::I64, "I64", 1, 8},
    {GgmlType::F64, "F64", 1, 8},
    {GgmlType::IQ1_M, "IQ1_M", 256, 56},
    {GgmlType::BF16, "BF16", 1, 2},
    {GgmlType::TQ1_0, "TQ1_0", 256, 54},
    {GgmlType::TQ2_0, "TQ2_0", 256, 66},
    {GgmlType::MXFP4, "MXFP4", 32, 17},
};

bool sameIgnoringCase(std::string_view a, const char *b) {
  size_t i = 0;
  for (; i < a.size() && b[i]; ++i)
    if (std::toupper(static_cast<unsigned char>(a[i])) != static_cast<unsigned char>(b[i]))
      return false;
  return i == a.size() && b[i] == 0;
}

} // namespace

const GgmlTypeInfo *ggmlTypeInfo(uint32_t id) {
  for (const GgmlTypeInfo &t : kTypes)
    if (static_cast<uint32_t>(t.type) == id)
      return &t;
  return nullptr;
}

const GgmlTypeInfo *ggmlTypeByName(std::string_view name) {
  for (const GgmlTypeInfo &t : kTypes)
    if (sameIgnoringCase(name, t.name))
      return &t;
  return nullptr;
}

std::string shapeText(const std::vector<uint64_t> &dims) {
  std::string text = "[";
  for (size_t i = 0; i < dims.size(); ++i)
    text += (i ? ", " : "") + std::to_string(dims[i]);
  return text + "]";
}

bool tensorSize(uint32_t id, const std::vector<uint64_t> &dims, uint64_t &elements,
                uint64_t &bytes, std::string &error) {
  const GgmlTypeInfo *info = ggmlTypeInfo(id);
  if (!info) {
    error = "unknown ggml type " + std::to_string(id);
    return false;
  }
  // ggml keeps dimensions and the element count in int64_t.
  constexpr uint64_t kMaxDim = uint64_t(INT64_MAX);
  uint64_t n = 1;
  for (size_t i = 0; i < dims.size(); ++i) {
    if (dims[i] == 0 || dims[i] > kMaxDim) {
      error = "dimension " + std::to_string(i) + " is " + std::to_string(dims[i]) +
              " (must be between 1 and 2^63-1)";
      return false;
    }
    if (!checkedMul(n, dims[i], n) || n > kMaxDim) {
      error = "element count overflows (" + shapeText(dims) + ")";
      return false;
    }
  }
  if (dims.empty() || dims[0] % info->blockElems != 0) {
    error = "row length " + std::to_string(dims.empty() ? 0 : dims[0]) +
            " is not a multiple of the " + info->name + " block (" +
            std::to_string(info->blockElems) + " elements)";
    return false;
  }
  uint64_t b = 0;
  if (!checkedMul<uint64_t>(n / info->blockElems, info->blockBytes, b)) {
    error = "byte size overflows (" + shapeText(dims) + " of " + info->name + ")";
    return false;
  }
  elements = n;
  bytes = b;
  return true;
}

} // namespace thymos::gguf
