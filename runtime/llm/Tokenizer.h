//===- Tokenizer.h - SentencePiece tokenization, as llama.cpp does it --------===//
//
// Text to token ids and back for a GGUF vocabulary whose tokenizer.ggml.model
// is "llama" (SentencePiece, "SPM"). The ids are the ones llama.cpp produces
// for the same file: spaces become U+2581, a space is put in front of the
// text, neighbouring symbols merge pairwise into the vocabulary's pieces by
// highest score, and what no piece covers falls back to <0xXX> byte tokens.
// User-defined tokens are split out of the text first; control tokens are
// not ("<s>" in the text is spelled out). See docs/llm.md.
//
//   std::unique_ptr<llm::Tokenizer> tok;
//   if (rt::Status s = llm::Tokenizer::fromGguf(*file, tok); !s) ... s.message()
//   std::vector<int32_t> ids = tok->tokenize("Hello world", /*addBos=*/true);
//   std::string text = tok->detokenize(ids);
//
// A plan from `thymos-gguf import` maps its GGUF file: Tokenizer::fromPlan
// reads the vocabulary from there.
//
// The vocabulary is copied out of the file: a Tokenizer outlives its File.
//
//===----------------------------------------------------------------------===//
#pragma once

#include "runtime/Status.h"
#include "runtime/llm/PreTokenizer.h"

#include <cstdint>
#include <memory>
#include <string>
#include <string_view>
#include <unordered_map>
#include <vector>

namespace thymos::gguf {
class File;
}
namespace thymos::rt {
class Plan;
}

namespace thymos::llm {

/// tokenizer.ggml.token_type values (llama.cpp's llama_token_type); any
/// other value reads as Undefined.
enum class TokenType : int32_t {
  Undefined = 0,
  Normal = 1,
  Unknown = 2,
  Control = 3,
  UserDefined = 4,
  Unused = 5,
  Byte = 6,
};

/// No such token (an absent BOS, say).
inline constexpr int32_t kNoToken = -1;

/// A vocabulary as the GGUF metadata gives it; Tokenizer::create checks it.
struct Vocabulary {
  std::vector<std::string> tokens; // tokenizer.ggml.tokens
  std::vector<float> scores;       // .scores: empty, or one per token
  std::vector<int32_t> types;      // .token_type: empty (all Normal), or one per token
  int32_t bos = 1, eos = 2, unk = 0; // llama.cpp's SPM defaults; kNoToken for none
  bool addBos = true, addEos = false, addSpacePrefix = true;
  std::string modelName; // general.name: llama.cpp strips spaces after Phi-3's special tokens
  /// Byte-level BPE (tokenizer.ggml.model = "gpt2"): the merges, in rank
  /// order, "left right" each; words come from the pre-tokenizer.
  bool bpe = false;
  std::vector<std::string> merges;
  PreTokenizerSettings pre; // the split, ignore_merges and clean_spaces
  std::string chatTemplate; // tokenizer.chat_template: Jinja, "" when absent
};

/// How fromGguf treats what llama.cpp would only warn about.
struct VocabularyOptions {
  /// An unknown or missing tokenizer.ggml.pre is an error unless this is
  /// set; then the default pre-tokenizer splits the text.
  bool allowDefaultPreTokenizer = false;
};

class Tokenizer {
public:
  Tokenizer(const Tokenizer &) = delete;
  Tokenizer &operator=(const Tokenizer &) = delete;

  /// Reads tokenizer.ggml.* (and general.name) from a parsed GGUF file.
  static rt::Status fromGguf(const gguf::File &file, std::unique_ptr<Tokenizer> &out,
                             const VocabularyOptions &options = {});
  /// The vocabulary of a plan made by `thymos-gguf import`: that of the GGUF
  /// file whose tensors the plan maps (plan.weightFile(0)). Errors name the file.
  static rt::Status fromPlan(const rt::Plan &plan, std::unique_ptr<Tokenizer> &out,
                             const VocabularyOptions &options = {});
  /// Checks `vocab` (sizes, ids in range, no duplicate pieces, byte tokens).
  static rt::Status create(Vocabulary vocab, std::unique_ptr<Tokenizer> &out);

  /// llama.cpp's llama_tokenize. With `addBos`, BOS (and EOS) are added
  /// when the vocabulary asks for them (tokenizer.ggml.add_bos_token /
  /// add_eos_token). User-defined tokens in the text are always that token;
  /// control tokens ("<|im_start|>", "<s>") only with `parseSpecial`, else
  /// they are text like any other.
  std::vector<int32_t> tokenize(std::string_view text, bool addBos,
                                bool parseSpecial = false) const;

  /// The text of one token: U+2581 turned back into spaces, a byte token
  /// into its byte. Control and unknown tokens are empty unless `special`;
  /// unused tokens and ids out of range are always empty.
  std::string tokenToPiece(int32_t id, bool special = false) const;
  /// All pieces, as llama.cpp's llama_detokenize (remove_special = false):
  /// the space the tokenizer put in front is dropped from the first token.
  std::string detokenize(const std::vector<int32_t> &ids, bool special = false) const;

  int32_t size() const { return static_cast<int32_t>(tokens_.size()); }
  const std::string &text(int32_t id) const { return tokens_[id].text; }
  float score(int32_t id) const { return tokens_[id].score; }
  TokenType type(int32_t id) const { return tokens_[id].type; }
  int32_t bos() const { return bos_; }
  int32_t eos() const { return eos_; }
  int32_t unk() const { return unk_; }
  bool addsBos() const { return addBos_; }
  bool addsSpacePrefix() const { return addSpacePrefix_; }
  bool isBpe() const { return bpe_; }
  /// tokenizer.chat_template, "" when the file has none (ChatTemplate.h).
  const std::string &chatTemplate() const { return chatTemplate_; }
  /// Whether generation ends at `id`: EOS, or a control token llama.cpp
  /// ends a turn with (<|eot_id|>, <|im_end|>, <|end|>, <end_of_turn>, ...).
  bool endsGeneration(int32_t id) const;

private:
  friend class TokenStream;
  // What llama.cpp makes of a token's type (its llama_token_attr bits):
  // some pieces are control tokens whatever the file says ("<|end|>").
  enum Attr : uint32_t { kUnknown = 1, kUnused = 2, kNormal = 4, kControl = 8, kUserDefined = 16, kByte = 32 };
  struct Token {
    std::string text;
    float score = 0;
    TokenType type = TokenType::Normal;
    uint32_t attr = kNormal;
    bool rstrip = false; // a user-defined token eats the whitespace after it
  };

  Tokenizer() = default;
  /// Appends the ids of `text` (spaces already escaped) to `out`.
  void segment(std::string_view text, std::vector<int32_t> &out) const;
  /// Byte-level BPE (BpeTokenizer.cpp): the ids of one stretch of text
  /// between special tokens, and the bytes of a normal token's piece.
  void segmentBpe(std::string_view text, std::vector<int32_t> &out) const;
  void appendBpePiece(const std::string &tokenText, std::string &out) const;
  int32_t mergeRank(std::string_view left, std::string_view right) const;
  std::string piece(int32_t id, bool special, bool stripSpace) const;
  void appendPiece(int32_t id, bool special, bool stripSpace, std::string &out) const;
  int32_t find(std::string_view piece) const;

  std::vector<Token> tokens_;
  // Views of tokens_[i].text: tokens_ never changes after create().
  std::unordered_map<std::string_view, int32_t> ids_;
  std::vector<int32_t> specials_; // user-defined, control, unknown; longest text first
  int32_t byteTokens_[256] = {};     // <0xXX>, else the byte's own piece, else unk
  int32_t bos_ = kNoToken, eos_ = kNoToken, unk_ = kNoToken;
  bool addBos_ = true, addEos_ = false, addSpacePrefix_ = true;
  bool bpe_ = false;
  PreTokenizerSettings pre_;
  std::string chatTemplate_;
  std::vector<int32_t> endOfGeneration_; // sorted
  std::unordered_map<std::string, int32_t> mergeRanks_; // "left right" -> rank
};

/// llama.cpp's clean_up_tokenization_spaces on detokenized text: no space
/// before ? ! . , or 's 'm 're 've, none around a lone apostrophe.
std::string cleanTokenizationSpaces(std::string text);

/// Detokenizes one token at a time, for printing tokens as they are
/// generated: a UTF-8 character split over several byte tokens is held back
/// until it is complete. The concatenated output of push() and finish()
/// equals Tokenizer::detokenize of all the ids.
class TokenStream {
public:
  /// `atTextStart`: the first token starts the text, so the space that
  /// SentencePiece puts before a word is dropped from it (as detokenize()
  /// does). False when the tokens continue a text already shown (a
  /// generation after its prompt): the space is kept, as llama.cpp keeps it.
  explicit TokenStream(const Tokenizer &tokenizer, bool special = false, bool atTextStart = true)
      : tokenizer_(tokenizer), special_(special), first_(atTextStart) {}
  /// The text that `id` completes (possibly empty).
  std::string push(int32_t id);
  /// The same into `ready` (replacing its contents): no allocation while
  /// `ready` and the held bytes fit the capacity they already have.
  void push(int32_t id, std::string &ready);
  /// Whatever is still held (an incomplete UTF-8 sequence), as is.
  std::string finish();
  /// The same into `rest`, keeping the stream's own buffer.
  void finish(std::string &rest);
  /// Room for pieces of `bytes` bytes without allocating.
  void reserve(size_t bytes) { pending_.reserve(bytes); }

private:
  const Tokenizer &tokenizer_;
  bool special_;
  bool first_;
  std::string pending_;
};

} // namespace thymos::llm
