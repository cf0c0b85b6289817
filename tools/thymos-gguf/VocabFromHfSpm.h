//===- VocabFromHfSpm.h - SentencePiece-style BPE as a "llama" vocabulary --===//
//
// The part of `thymos-gguf vocab-from-hf` that turns a BPE tokenizer.json
// writing spaces as U+2581 (Gemma's, Llama 2's) into the scores, token types
// and space prefix of a SentencePiece vocabulary, which llama.cpp tokenizes
// with its "llama" tokenizer.
//
//===----------------------------------------------------------------------===//
#pragma once

#include "JsonReader.h"

#include <cstdint>
#include <string>
#include <utility>
#include <vector>

namespace thymos::tools {

/// tokenizer.ggml.token_type values (llama.cpp's llama_token_type).
constexpr int32_t kTokenNormal = 1, kTokenUnknown = 2, kTokenControl = 3, kTokenUser = 4,
                  kTokenUnused = 5, kTokenByte = 6;

/// A tokenizer.json's tokens by id and its merges by rank.
struct HfTokens {
  std::vector<std::string> tokens;
  std::vector<int32_t> types;
  std::vector<std::pair<std::string, std::string>> merges;
};

/// Whether the tokenizer writes a space as U+2581 (a Replace normalizer or a
/// Metaspace pre-tokenizer) rather than mapping bytes to characters.
bool writesSpaceMark(const JsonValue &tokenizer);

struct SpmVocab {
  std::vector<float> scores; // one per token
  bool addSpacePrefix = false;
};

/// The scores and space prefix of a SentencePiece-style BPE tokenizer, and
/// its byte, unknown and space-holding tokens retyped in `hf.types`; false
/// with `error` when llama.cpp cannot tokenize as it does. Prints a warning
/// when some text may still get other ids (see the .cpp).
bool convertSentencePiece(const JsonValue &tokenizer, HfTokens &hf, SpmVocab &out,
                          std::string &error);

} // namespace thymos::tools
