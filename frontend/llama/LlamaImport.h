//===- LlamaImport.h - A llama GGUF model as a .thy module -------------------===//
//
// The module the importer writes (docs/llm.md shows one):
//
//   state @blk.N.cache_k, @blk.N.cache_v : f32[context, kv_heads, head_dim]
//   graph @decode(%token: i32[1], %pos: i32[]) -> f32[1,vocab]
//   graph @prefill(%tokens: i32[T], %pos: i32[], %last: i32[1]) -> f32[1,vocab]
//
// Both graphs run the whole transformer on their tokens, which sit at
// positions pos, pos+1, ...: embedding lookup, then per layer RMSNorm,
// q/k/v projections, rope, the new k/v rows written into the caches in place
// (cache_write), attention over the rows up to each token's position, the
// output projection, RMSNorm and the SwiGLU feed-forward layer, each with its
// residual; then the final RMSNorm and the output matrix. @decode returns the
// logits of its token, @prefill those of row `last` of its chunk (a shorter
// last chunk is padded; the rows past `last` are written to the caches but
// never attended to before a later step overwrites them). Weights are
// gguf_tensor references: mapped from the file, never copied.
//
//===----------------------------------------------------------------------===//
#pragma once

#include "frontend/llama/LlamaModel.h"

#include <string>

namespace thymos::llama {

struct ImportOptions {
  /// The `file` attribute of every gguf_tensor op: a path relative to where
  /// the .thy file will be, or absolute.
  std::string weightsPath;
  /// Rows of the key/value caches; 0 means the model's context length.
  int64_t contextLength = 0;
  /// Tokens of the @prefill graph; 0 leaves it out.
  int64_t prefillTokens = 64;
  /// The key/value caches' element type: "f32" (exact), "f16" (half the
  /// memory; llama.cpp's default) or "q8_0" (34 bytes per 32 values; needs
  /// a head dimension of whole blocks of 32).
  std::string cacheType = "f32";
};

/// Bytes of the key/value caches per token of context: 2 per layer, of
/// kv_heads x head_dim elements of `cacheType` (0 for an unknown type).
uint64_t cacheBytesPerToken(const LlamaModel &model, const std::string &cacheType);

/// The module's text; an error when the options do not fit the model.
rt::Status writeLlamaModule(const LlamaModel &model, const ImportOptions &options,
                            std::string &text);

/// The names of the module's graphs and states, for the driver.
inline constexpr const char *kDecodeGraph = "decode";
inline constexpr const char *kPrefillGraph = "prefill";

} // namespace thymos::llama
