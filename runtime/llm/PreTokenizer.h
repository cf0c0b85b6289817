//===- PreTokenizer.h - Splitting text into words before BPE merges --------===//
//
// A byte-level BPE vocabulary (tokenizer.ggml.model = "gpt2") merges only
// inside words, and tokenizer.ggml.pre names how the text is cut into them:
// a sequence of patterns (GPT-2's contractions | letters | digits | other |
// spaces, digits apart, runs of punctuation, ...), each cutting the pieces
// the previous one left. The rules reproduce llama.cpp's splits, including
// its reading of \s (White_Space) and of \p{..} (the general category's
// class, UnicodeCategories.h).
//
//===----------------------------------------------------------------------===//
#pragma once

#include <cstdint>
#include <string>
#include <string_view>
#include <vector>

namespace thymos::llm {

enum class PreTokenizer {
  Default,       ///< no tokenizer.ggml.pre, or "default"
  Gpt2,          ///< gpt-2, mpt, phi-2, ...
  Llama3,        ///< llama3, llama-bpe, smaug-bpe, dbrx: digits in threes
  Qwen2,         ///< qwen2, stablelm2: as Llama3 with digits one by one
  Starcoder,     ///< starcoder, refact, smollm, command-r: digits apart, then GPT-2
  Falcon,        ///< falcon
  DeepseekCoder, ///< deepseek-coder
  DeepseekLlm,   ///< deepseek-llm
};

/// What a tokenizer.ggml.pre name means to llama.cpp.
struct PreTokenizerSettings {
  PreTokenizer kind = PreTokenizer::Default;
  bool ignoreMerges = false; ///< a word that is a token is that token, unmerged
  bool addBos = false;       ///< BOS is added when the file does not say
  bool cleanSpaces = true;   ///< detokenizing removes spaces before punctuation
};

/// The settings llama.cpp uses for tokenizer.ggml.pre = `name`; false when
/// it is not a name Thymos knows.
bool preTokenizerNamed(std::string_view name, PreTokenizerSettings &out);
/// Every name preTokenizerNamed accepts, for messages.
std::string knownPreTokenizerNames();

/// The words of `text` (UTF-8; invalid bytes read as U+FFFD), in order.
std::vector<std::string> preTokenize(std::string_view text, PreTokenizer kind);

} // namespace thymos::llm
