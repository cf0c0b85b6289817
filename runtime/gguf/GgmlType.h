//===- GgmlType.h - ggml's tensor element types and their block layouts ------===//
//
// A GGUF tensor names its element type by a ggml type id. The ids reach a file
// format, so ggml only appends to them; the gaps (4, 5, 31-33, 36-38) are ids
// it retired, and a file that uses one is refused like any unknown id.
//
// Every type stores whole blocks of `blockElems` values in `blockBytes` bytes
// (plain types are blocks of one). A row (the ne0 dimension) must hold a whole
// number of blocks.
//
//===----------------------------------------------------------------------===//
#pragma once

#include <cstdint>
#include <string>
#include <string_view>
#include <vector>

namespace thymos::gguf {

enum class GgmlType : uint32_t {
  F32 = 0,
  F16 = 1,
  Q4_0 = 2,
  Q4_1 = 3,
  Q5_0 = 6,
  Q5_1 = 7,
  Q8_0 = 8,
  Q8_1 = 9,
  Q2_K = 10,
  Q3_K = 11,
  Q4_K = 12,
  Q5_K = 13,
  Q6_K = 14,
  Q8_K = 15,
  IQ2_XXS = 16,
  IQ2_XS = 17,
  IQ3_XXS = 18,
  IQ1_S = 19,
  IQ4_NL = 20,
  IQ3_S = 21,
  IQ2_S = 22,
  IQ4_XS = 23,
  I8 = 24,
  I16 = 25,
  I32 = 26,
  I64 = 27,
  F64 = 28,
  IQ1_M = 29,
  BF16 = 30,
  TQ1_0 = 34,
  TQ2_0 = 35,
  MXFP4 = 39,
};

struct GgmlTypeInfo {
  GgmlType type;
  const char *name; // as ggml spells it in upper case: "F32", "Q4_0", "Q4_K", "IQ2_XXS"
  uint32_t blockElems;
  uint32_t blockBytes;
};

/// The layout of type id `id`, or nullptr for an id this reader does not know.
const GgmlTypeInfo *ggmlTypeInfo(uint32_t id);
/// The type called `name` (any letter case: "q4_0", "Q4_K"), or nullptr.
const GgmlTypeInfo *ggmlTypeByName(std::string_view name);

/// Elements and storage bytes of a tensor of type `id` with dimensions `dims`
/// (ne order, ne0 first). Checks, in this order: the type is known, every
/// dimension lies in [1, 2^63-1], their product fits in int64 (as ggml
/// requires), and ne0 is a whole number of blocks. On failure returns false
/// and sets `error` to a message such as "unknown ggml type 99" or "row length
/// 33 is not a multiple of the Q4_0 block (32 elements)".
bool tensorSize(uint32_t id, const std::vector<uint64_t> &dims, uint64_t &elements,
                uint64_t &bytes, std::string &error);

/// "[64, 512]": dimensions as the tools print them (ne0 first).
std::string shapeText(const std::vector<uint64_t> &dims);

} // namespace thymos::gguf
