//===- QuantMix.h - Which ggml type each tensor of a model gets ------------===//
//
// A scheme such as Q4_K_M is a mix, not one type: llama.cpp's quantizer keeps
// norms and vectors in F32, gives the output matrix Q6_K, and spends more
// bits on attn_v and ffn_down in the first and last eighths of the layers
// and on every third layer between. Files people download follow those
// rules, so synth-llama and `thymos-gguf quantize` follow them too (learnt
// from llama.cpp's llama-quant.cpp, for dense models without experts).
//
// One difference: a row that is not whole super-blocks of 256 falls back to
// Q8_0 for every K-quant (llama.cpp picks Q5_0 or Q5_1 for Q4_K and Q5_K,
// types Thymos does not have), and to F16 when it is not whole blocks of 32.
//
//===----------------------------------------------------------------------===//
#pragma once

#include "runtime/gguf/GgmlType.h"

#include <cstdint>
#include <string>
#include <string_view>

namespace thymos::gguf_tool {

struct QuantScheme {
  const char *name;      // as llama-quantize spells it: "Q4_K_M"
  uint32_t fileType;     // general.file_type (llama.cpp's LLAMA_FTYPE)
  gguf::GgmlType base;   // the type of most matrices
  const char *summary;
};

/// The scheme called `name` (any letter case), or nullptr.
const QuantScheme *findQuantScheme(std::string_view name);
/// "F32, F16, BF16, Q8_0, Q4_0, Q4_K_M, ...", for messages and --help.
std::string quantSchemeNames();
/// One line per scheme, for --help.
std::string quantSchemeTable();

/// What the rules need to know of a tensor.
struct TensorPlace {
  std::string_view name;   // "blk.3.ffn_down.weight"
  uint64_t rowLength = 0;  // ne0
  uint32_t dims = 0;       // number of dimensions
  uint64_t layers = 0;     // the model's block count
  /// token_embd.weight is also the output matrix (the model has no
  /// output.weight): it is quantized as the output is.
  bool tiedEmbedding = false;
};

/// The type `place` gets under `scheme`; `source` when the tensor is not
/// quantized at all (vectors and norms).
gguf::GgmlType typeForTensor(const QuantScheme &scheme, const TensorPlace &place,
                             gguf::GgmlType source);

} // namespace thymos::gguf_tool
