//===- QuantMix.cpp - Which ggml type each tensor of a model gets ----------===//

#include "QuantMix.h"

#include <cctype>
#include <cstdio>

namespace thymos::gguf_tool {

namespace {

using gguf::GgmlType;

// general.file_type values are llama.cpp's LLAMA_FTYPE_MOSTLY_*.
constexpr QuantScheme kSchemes[] = {
    {"F32", 0, GgmlType::F32, "32-bit floats, unquantized"},
    {"F16", 1, GgmlType::F16, "IEEE half precision"},
    {"BF16", 32, GgmlType::BF16, "bfloat16"},
    {"Q8_0", 7, GgmlType::Q8_0, "8.5 bits per weight"},
    {"Q4_0", 2, GgmlType::Q4_0, "4.5 bits, output Q6_K (legacy)"},
    {"Q4_K_S", 14, GgmlType::Q4_K, "Q4_K; Q5_K for attn_v of 4 layers, early ffn_down"},
    {"Q4_K_M", 15, GgmlType::Q4_K, "Q4_K; Q6_K for output, half of attn_v and ffn_down"},
    {"Q5_K_S", 16, GgmlType::Q5_K, "Q5_K; output Q6_K"},
    {"Q5_K_M", 17, GgmlType::Q5_K, "Q5_K; Q6_K for output, half of attn_v and ffn_down"},
    {"Q6_K", 18, GgmlType::Q6_K, "6.56 bits per weight"},
};

bool equalsIgnoringCase(std::string_view a, std::string_view b) {
  if (a.size() != b.size())
    return false;
  for (size_t i = 0; i < a.size(); ++i)
    if (std::toupper(static_cast<unsigned char>(a[i])) !=
        std::toupper(static_cast<unsigned char>(b[i])))
      return false;
  return true;
}

bool endsWith(std::string_view s, std::string_view suffix) {
  return s.size() >= suffix.size() && s.substr(s.size() - suffix.size()) == suffix;
}

/// The layer of "blk.N.*", or -1.
long layerOf(std::string_view name) {
  if (name.substr(0, 4) != "blk.")
    return -1;
  long layer = 0;
  size_t i = 4;
  for (; i < name.size() && std::isdigit(static_cast<unsigned char>(name[i])); ++i)
    layer = layer * 10 + (name[i] - '0');
  return i > 4 && i < name.size() && name[i] == '.' ? layer : -1;
}

/// The layers that get more bits in the M mixes: the first and last eighths,
/// and every third layer between.
bool moreBits(long layer, long layers) {
  return layer < layers / 8 || layer >= 7 * layers / 8 || (layer - layers / 8) % 3 == 2;
}

bool isKQuant(GgmlType t) {
  return t == GgmlType::Q4_K || t == GgmlType::Q5_K || t == GgmlType::Q6_K;
}

/// A type whose block does not divide the row, replaced (see the header).
GgmlType fitRow(GgmlType type, uint64_t rowLength) {
  const gguf::GgmlTypeInfo *info = gguf::ggmlTypeInfo(static_cast<uint32_t>(type));
  if (rowLength % info->blockElems == 0)
    return type;
  if (isKQuant(type) && rowLength % 32 == 0)
    return GgmlType::Q8_0;
  return GgmlType::F16;
}

/// The M and S mixes' exceptions for the tensor at `place` (a quantized
/// scheme; `type` is its base type).
GgmlType mixedType(const QuantScheme &scheme, const TensorPlace &place, GgmlType type) {
  const std::string_view s = scheme.name;
  const long layer = layerOf(place.name), layers = static_cast<long>(place.layers);
  const bool output = place.name == "output.weight" ||
                      (place.tiedEmbedding && place.name == "token_embd.weight");
  if (output) {
    if (place.rowLength % 256 != 0)
      return GgmlType::Q8_0;
    return type == GgmlType::Q8_0 ? type : GgmlType::Q6_K;
  }
  if (layer < 0)
    return type;
  if (endsWith(place.name, ".attn_v.weight")) {
    if ((s == "Q4_K_M" || s == "Q5_K_M") && moreBits(layer, layers))
      return GgmlType::Q6_K;
    if (s == "Q4_K_S" && layer < 4)
      return GgmlType::Q5_K;
  } else if (endsWith(place.name, ".ffn_down.weight")) {
    if ((s == "Q4_K_M" || s == "Q5_K_M") && moreBits(layer, layers))
      return GgmlType::Q6_K;
    if (s == "Q4_K_S" && layer < layers / 8)
      return GgmlType::Q5_K;
  } else if (endsWith(place.name, ".attn_qkv.weight")) {
    if (s == "Q4_K_M")
      return GgmlType::Q5_K;
    if (s == "Q5_K_M")
      return GgmlType::Q6_K;
  }
  return type;
}

} // namespace

const QuantScheme *findQuantScheme(std::string_view name) {
  for (const QuantScheme &scheme : kSchemes)
    if (equalsIgnoringCase(scheme.name, name))
      return &scheme;
  return nullptr;
}

std::string quantSchemeNames() {
  std::string names;
  for (const QuantScheme &scheme : kSchemes)
    names += (names.empty() ? "" : ", ") + std::string(scheme.name);
  return names;
}

std::string quantSchemeTable() {
  std::string table;
  for (const QuantScheme &scheme : kSchemes) {
    char line[128];
    std::snprintf(line, sizeof line, "    %-8s %s\n", scheme.name, scheme.summary);
    table += line;
  }
  return table;
}

GgmlType typeForTensor(const QuantScheme &scheme, const TensorPlace &place, GgmlType source) {
  // Vectors, norms and anything not a weight keep their type.
  if (place.dims < 2 || !endsWith(place.name, "weight") ||
      place.name.find("_norm.weight") != std::string_view::npos)
    return source;
  const gguf::GgmlTypeInfo *base = gguf::ggmlTypeInfo(static_cast<uint32_t>(scheme.base));
  if (base->blockElems == 1) // F32, F16, BF16: every matrix alike
    return scheme.base;
  return fitRow(mixedType(scheme, place, scheme.base), place.rowLength);
}

} // namespace thymos::gguf_tool
