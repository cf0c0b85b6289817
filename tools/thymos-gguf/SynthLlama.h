//===- SynthLlama.h - `thymos-gguf synth-llama`: a random llama model --------===//
//
// Writes a GGUF v3 file that llama.cpp loads as a llama model: the metadata
// llama.cpp requires, a byte-fallback SentencePiece-style vocabulary, and
// seeded random weights with llama.cpp's tensor names and shapes. Useful as a
// benchmark input of any size and as a fixture: the same options always give
// the same bytes.
//
//===----------------------------------------------------------------------===//
#pragma once

#include "QuantMix.h"

#include "runtime/Status.h"
#include "runtime/gguf/GgmlType.h"

#include <cstdint>
#include <string>

namespace thymos::gguf_tool {

struct SynthLlamaOptions {
  uint64_t dim = 0;      // llama.embedding_length
  uint64_t layers = 0;   // llama.block_count
  uint64_t heads = 0;    // llama.attention.head_count
  uint64_t kvHeads = 0;  // llama.attention.head_count_kv
  uint64_t ffn = 0;      // llama.feed_forward_length
  uint64_t vocab = 0;    // 3 control tokens, 256 byte tokens, then made-up words
  uint64_t context = 2048;
  uint64_t seed = 0;
  gguf::GgmlType type = gguf::GgmlType::F32; // of the matrices; norms stay F32
  /// Or a mix, such as Q4_K_M: each matrix the type llama.cpp's quantizer
  /// would give it (QuantMix.h).
  const QuantScheme *mix = nullptr;
  /// No output.weight: the token embedding is the output matrix too, as in
  /// many small released models (llama.cpp falls back to token_embd).
  bool tied = false;
  /// "llama"; "qwen2": its keys, biases on q, k and v, and rope over the two
  /// halves of each head (llama.cpp's NEOX mode); or "phi3": its keys, q, k
  /// and v in one matrix, the gate and up projections in one, NEOX rope.
  std::string arch = "llama";
  /// Llama 3.1's rope: base 500000 and rope_freqs.weight, the factors its
  /// "llama3" scaling gives (factor 8, low 1, high 4, original context 8192).
  bool llama3Rope = false;
  std::string output;
};

/// Checks the options (a one-line error for any that cannot make a model).
rt::Status checkSynthLlama(const SynthLlamaOptions &options);
/// Writes the model to options.output.
rt::Status writeSynthLlama(const SynthLlamaOptions &options);

} // namespace thymos::gguf_tool
