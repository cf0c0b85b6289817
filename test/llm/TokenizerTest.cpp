//===- TokenizerTest.cpp - The tokenizer on small and on malformed vocabularies -===//
//
// Vocabularies made up here, small enough to follow the merges by hand, and
// malformed GGUF vocabularies, each of which must be one clear error.
//
//===----------------------------------------------------------------------===//
#include "runtime/gguf/File.h"
#include "runtime/gguf/Writer.h"
#include "runtime/llm/Tokenizer.h"

#include <catch2/catch.hpp>

using namespace thymos;
using namespace thymos::llm;

namespace {

using Ids = std::vector<int32_t>;

/// <unk> <s> </s>, the 256 byte tokens (ids 3..258), then `pieces` from 259.
Vocabulary smallVocab(const std::vector<std::pair<std::string, float>> &pieces) {
  Vocabulary v;
  v.tokens = {"<unk>", "<s>", "</s>"};
  v.types = {2, 3, 3};
  static const char hex[] = "0123456789ABCDEF";
  for (int b = 0; b < 256; ++b) {
    v.tokens.push_back(std::string("<0x") + hex[b >> 4] + hex[b & 15] + ">");
    v.types.push_back(6);
  }
  v.scores.assign(v.tokens.size(), 0.0f);
  for (const auto &[text, score] : pieces) {
    v.tokens.push_back(text);
    v.scores.push_back(score);
    v.types.push_back(1);
  }
  return v;
}

std::unique_ptr<Tokenizer> make(Vocabulary v) {
  std::unique_ptr<Tokenizer> t;
  rt::Status s = Tokenizer::create(std::move(v), t);
  INFO(s.message());
  REQUIRE(s);
  return t;
}

const std::string kMark = "\xE2\x96\x81"; // U+2581

} // namespace

TEST_CASE("pairs merge by highest score, the leftmost first on a tie", "[tokenizer]") {
  // 259 ▁, 260 a, 261 b, 262 ▁a, 263 ab, 264 ▁ab
  auto t = make(smallVocab({{kMark, -1}, {"a", -1}, {"b", -1}, {kMark + "a", -5}, {"ab", -2}, {kMark + "ab", -3}}));
  // "ab" (-2) beats "▁a" (-5); then "▁" + "ab" forms "▁ab".
  CHECK(t->tokenize("ab", false) == Ids{264});
  CHECK(t->tokenize("ab", true) == Ids{1, 264});
  // "aa": no "aa" piece, so "▁a" then "a".
  CHECK(t->tokenize("aa", false) == Ids{262, 260});
  // Equal scores: the leftmost pair merges first.
  auto tie = make(smallVocab({{kMark, -1}, {"x", -1}, {kMark + "x", -2}, {"xx", -2}}));
  CHECK(tie->tokenize("xx", false) == Ids{261, 260});
  CHECK(t->detokenize({1, 264, 262}) == " ab a"); // BOS takes the stripped space
  CHECK(t->detokenize({264, 262}) == "ab a");
}

TEST_CASE("characters without a piece fall back to their bytes", "[tokenizer]") {
  auto t = make(smallVocab({{kMark, -1}}));
  // "é" is C3 A9: byte tokens 3 + 0xC3 and 3 + 0xA9.
  CHECK(t->tokenize("\xC3\xA9", false) == Ids{259, 3 + 0xC3, 3 + 0xA9});
  CHECK(t->detokenize({259, 3 + 0xC3, 3 + 0xA9}) == "\xC3\xA9");
  // Invalid UTF-8 (a stray continuation byte, a truncated sequence) too.
  CHECK(t->tokenize("\x80\xE2\x96", false) == Ids{259, 3 + 0x80, 3 + 0xE2, 3 + 0x96});
  // Control tokens never come from text: "<s>" is spelled out in bytes.
  CHECK(t->tokenize("<s>", false) == Ids{259, 3 + '<', 3 + 's', 3 + '>'});
  CHECK(t->tokenize("", true) == Ids{1});
  CHECK(t->tokenize("", false).empty());
}

TEST_CASE("pieces: spaces, bytes, control tokens, ids out of range", "[tokenizer]") {
  Vocabulary v = smallVocab({{kMark + "hi", -1}, {"[used]", 0}});
  v.types.back() = 5; // unused
  auto t = make(std::move(v));
  CHECK(t->tokenToPiece(259) == " hi");
  CHECK(t->tokenToPiece(3 + 'A') == "A");
  CHECK(t->tokenToPiece(1).empty());
  CHECK(t->tokenToPiece(1, true) == "<s>");
  CHECK(t->tokenToPiece(0, true) == "<unk>");
  CHECK(t->tokenToPiece(260).empty());
  CHECK(t->tokenToPiece(-1).empty());
  CHECK(t->tokenToPiece(100000).empty());
  // Only the first token loses its leading space, even when it is BOS.
  CHECK(t->detokenize({259, 259}) == "hi hi");
  CHECK(t->detokenize({1, 259}) == " hi");
  CHECK(t->detokenize({1, 259}, true) == "<s> hi");
}

TEST_CASE("user-defined tokens are split out of the text first", "[tokenizer]") {
  Vocabulary v = smallVocab({{kMark, -1}, {"a", -1}, {"<tag>", 0}});
  v.types.back() = 4;
  v.modelName = "Phi3 mini";
  auto t = make(std::move(v));
  // Text after a special token gets a space in front, as at the start; for
  // Phi-3 the whitespace after a user-defined token is dropped.
  CHECK(t->tokenize("a<tag>  a", false) == Ids{259, 260, 261, 259, 260});
  CHECK(t->tokenize("<tag>", true) == Ids{1, 261});
  CHECK(t->detokenize({261, 259, 260}) == "<tag> a");
}

TEST_CASE("the stream holds a split UTF-8 character until it completes", "[tokenizer]") {
  auto t = make(smallVocab({{kMark + "x", -1}}));
  TokenStream stream(*t);
  CHECK(stream.push(259) == "x"); // the first token's space is dropped
  CHECK(stream.push(3 + 0xF0).empty());
  CHECK(stream.push(3 + 0x9F).empty());
  CHECK(stream.push(3 + 0xA6).empty());
  CHECK(stream.push(3 + 0x99) == "\xF0\x9F\xA6\x99");
  CHECK(stream.push(259) == " x");
  CHECK(stream.push(3 + 0xE2).empty());
  CHECK(stream.finish() == "\xE2");
  // A byte that cannot start a sequence is not held.
  TokenStream other(*t);
  CHECK(other.push(3 + 0x80) == "\x80");
}

TEST_CASE("the stream writes into a buffer", "[tokenizer]") {
  auto t = make(smallVocab({{kMark + "x", -1}}));
  TokenStream stream(*t, /*special=*/false, /*atTextStart=*/false);
  stream.reserve(64);
  std::string ready = "old";
  stream.push(259, ready);
  CHECK(ready == " x"); // not the text's first token: the space stays
  stream.push(3 + 0xC3, ready);
  CHECK(ready.empty());
  stream.push(3 + 0xA9, ready);
  CHECK(ready == "\xC3\xA9");
  stream.push(3 + 0xE2, ready);
  stream.finish(ready);
  CHECK(ready == "\xE2");
  stream.finish(ready);
  CHECK(ready.empty());
}

// --- Malformed vocabularies ---------------------------------------------------------

namespace {

/// The tokenizer's error for a GGUF file with `keys` (and nothing else).
std::string gguffError(const std::vector<std::pair<std::string, gguf::Encoded>> &keys) {
  gguf::Writer w;
  for (const auto &[key, value] : keys)
    w.add(key, value);
  std::vector<unsigned char> bytes;
  rt::Status s = w.writeMemory(bytes);
  INFO(s.message());
  REQUIRE(s);
  std::unique_ptr<gguf::File> file;
  s = gguf::File::parse(bytes.data(), bytes.size(), file);
  REQUIRE(s);
  std::unique_ptr<Tokenizer> t;
  s = Tokenizer::fromGguf(*file, t);
  return s ? std::string() : s.message();
}

std::vector<std::pair<std::string, gguf::Encoded>> validKeys() {
  std::vector<std::string> tokens = {"<unk>", "<s>", "</s>", "a", "b"};
  return {{"tokenizer.ggml.model", gguf::encodeString("llama")},
          {"tokenizer.ggml.tokens", gguf::encodeArray(tokens)},
          {"tokenizer.ggml.scores", gguf::encodeArray(std::vector<float>{0, 0, 0, -1, -2})},
          {"tokenizer.ggml.token_type", gguf::encodeArray(std::vector<int32_t>{2, 3, 3, 1, 1})}};
}

std::vector<std::pair<std::string, gguf::Encoded>> with(std::string key, gguf::Encoded value) {
  auto keys = validKeys();
  for (auto &kv : keys)
    if (kv.first == key) {
      kv.second = std::move(value);
      return keys;
    }
  keys.emplace_back(std::move(key), std::move(value));
  return keys;
}

} // namespace

TEST_CASE("a well-formed GGUF vocabulary loads, the bytes falling back to <unk>", "[tokenizer][malformed]") {
  CHECK(gguffError(validKeys()).empty());
}

TEST_CASE("malformed GGUF vocabularies are clear errors", "[tokenizer][malformed]") {
  using gguf::ValueType;
  auto noModel = validKeys();
  noModel.erase(noModel.begin());
  CHECK(gguffError(noModel) == "the file has no vocabulary (no tokenizer.ggml.model)");
  CHECK(gguffError(with("tokenizer.ggml.model", gguf::encodeString("bert"))) ==
        "tokenizer.ggml.model is 'bert': only 'llama' (SentencePiece) and 'gpt2' (byte-level BPE) "
        "vocabularies are supported");
  CHECK(gguffError(with("tokenizer.ggml.model", gguf::encodeString("gpt2"))) ==
        "a 'gpt2' vocabulary needs tokenizer.ggml.merges");
  CHECK(gguffError(with("tokenizer.ggml.model", gguf::encodeUInt32(1))) == "tokenizer.ggml.model must be a string");
  CHECK(gguffError(with("tokenizer.ggml.tokens", gguf::encodeArray(std::vector<float>{1, 2}))) ==
        "tokenizer.ggml.tokens must be an array of strings");
  CHECK(gguffError(with("tokenizer.ggml.tokens", gguf::encodeArray(std::vector<std::string>{}))) ==
        "the vocabulary has no tokens");
  CHECK(gguffError(with("tokenizer.ggml.scores", gguf::encodeArray(std::vector<float>{0, 0, 0}))) ==
        "tokenizer.ggml.scores has 3 entries for 5 tokens");
  CHECK(gguffError(with("tokenizer.ggml.scores", gguf::encodeArray(std::vector<std::string>{"x"}))) ==
        "tokenizer.ggml.scores must be an array of float32 or int32");
  CHECK(gguffError(with("tokenizer.ggml.token_type", gguf::encodeArray(std::vector<int32_t>{1, 1, 1, 1, 1, 1}))) ==
        "tokenizer.ggml.token_type has 6 entries for 5 tokens");
  CHECK(gguffError(with("tokenizer.ggml.token_type", gguf::encodeArray(std::vector<float>{1, 1, 1, 1, 1}))) ==
        "tokenizer.ggml.token_type must be an array of int32");
  CHECK(gguffError(with("tokenizer.ggml.bos_token_id", gguf::encodeUInt32(5))) ==
        "tokenizer.ggml.bos_token_id is 5, outside the vocabulary of 5 tokens");
  CHECK(gguffError(with("tokenizer.ggml.unknown_token_id", gguf::encodeUInt32(0xFFFFFFFFu))) ==
        "tokenizer.ggml.unknown_token_id is 4294967295, outside the vocabulary of 5 tokens");
  CHECK(gguffError(with("tokenizer.ggml.eos_token_id", gguf::encodeInt32(-2))) ==
        "tokenizer.ggml.eos_token_id must be a non-negative integer, not int32");
  CHECK(gguffError(with("tokenizer.ggml.eos_token_id", gguf::encodeString("2"))) ==
        "tokenizer.ggml.eos_token_id must be a non-negative integer, not string");
  CHECK(gguffError(with("tokenizer.ggml.add_bos_token", gguf::encodeUInt8(1))) ==
        "tokenizer.ggml.add_bos_token must be a bool, not uint8");
  CHECK(gguffError(with("tokenizer.ggml.tokens", gguf::encodeArray(std::vector<std::string>{"<unk>", "<s>", "</s>", "a", "a"}))) ==
        "tokens 3 and 4 have the same piece 'a'");
  CHECK(gguffError(with("tokenizer.ggml.token_type", gguf::encodeArray(std::vector<int32_t>{2, 3, 3, 6, 1}))) ==
        "token 3 is a byte token, but its piece 'a' is not <0xXX>");
}

namespace {

/// A byte-level BPE vocabulary: the bytes' characters, then merges.
std::vector<std::pair<std::string, gguf::Encoded>> bpeKeys(const std::string &pre) {
  std::vector<std::string> tokens = {"a", "b", "c", "\xC4\xA0", "ab", "\xC4\xA0" "ab", "<|end|>"};
  std::vector<int32_t> types = {1, 1, 1, 1, 1, 1, 3};
  std::vector<std::pair<std::string, gguf::Encoded>> keys = {
      {"tokenizer.ggml.model", gguf::encodeString("gpt2")},
      {"tokenizer.ggml.tokens", gguf::encodeArray(tokens)},
      {"tokenizer.ggml.token_type", gguf::encodeArray(types)},
      {"tokenizer.ggml.merges",
       gguf::encodeArray(std::vector<std::string>{"a b", "\xC4\xA0 " "ab"})}};
  if (!pre.empty())
    keys.emplace_back("tokenizer.ggml.pre", gguf::encodeString(pre));
  return keys;
}

rt::Status loadBpe(const std::string &pre, const VocabularyOptions &options,
                   std::unique_ptr<Tokenizer> &t) {
  gguf::Writer w;
  for (const auto &[key, value] : bpeKeys(pre))
    w.add(key, value);
  std::vector<unsigned char> bytes;
  REQUIRE(w.writeMemory(bytes));
  std::unique_ptr<gguf::File> file;
  REQUIRE(gguf::File::parse(bytes.data(), bytes.size(), file));
  return Tokenizer::fromGguf(*file, t, options);
}

std::unique_ptr<Tokenizer> bpeTokenizer(const std::string &pre, VocabularyOptions options = {}) {
  std::unique_ptr<Tokenizer> t;
  rt::Status s = loadBpe(pre, options, t);
  INFO(s.message());
  REQUIRE(s);
  return t;
}

} // namespace

TEST_CASE("byte-level BPE: merges by rank inside words, bytes as characters", "[tokenizer][bpe]") {
  auto t = bpeTokenizer("gpt-2");
  // " ab" is one word: the space is byte-encoded as U+0120, then a+b (rank 0),
  // then U+0120+ab (rank 1). "c" has no merge, "ba" none either.
  CHECK(t->tokenize(" ab", false) == std::vector<int32_t>{5});
  CHECK(t->tokenize("abc ba", false) == std::vector<int32_t>{4, 2, 3, 1, 0});
  // A character with no token and no one-byte token is dropped, as llama.cpp drops it.
  CHECK(t->tokenize("a\xC3\xA9", false) == std::vector<int32_t>{0});
  CHECK(t->detokenize({5, 2}) == " abc");
  CHECK(t->tokenToPiece(6).empty());
  CHECK(t->tokenToPiece(6, true) == "<|end|>");
  CHECK(t->bos() == kNoToken); // llama.cpp's default of 11 lies outside this vocabulary
  CHECK_FALSE(t->addsBos());
}

TEST_CASE("byte-level BPE: an unknown or missing pre-tokenizer is an error unless allowed",
          "[tokenizer][bpe][malformed]") {
  auto error = [](const std::string &pre) {
    std::unique_ptr<Tokenizer> t;
    rt::Status s = loadBpe(pre, {}, t);
    return s ? std::string() : s.message();
  };
  CHECK(error("no-such-pre").rfind("tokenizer.ggml.pre 'no-such-pre' is not one Thymos knows", 0) == 0);
  CHECK(error("no-such-pre").find("--allow-default-pretokenizer") != std::string::npos);
  CHECK(error("").rfind("the file names no pre-tokenizer (tokenizer.ggml.pre)", 0) == 0);
  VocabularyOptions allow;
  allow.allowDefaultPreTokenizer = true;
  CHECK(bpeTokenizer("no-such-pre", allow)->tokenize(" ab", false) == std::vector<int32_t>{5});
}

TEST_CASE("pre-tokenizers split as their patterns read", "[tokenizer][bpe]") {
  using V = std::vector<std::string>;
  CHECK(preTokenize("Hello world's 12345  x!!", PreTokenizer::Gpt2) ==
        V{"Hello", " world", "'s", " 12345", " ", " x", "!!"});
  // Llama 3: case-insensitive contractions, digits in threes, a newline run
  // taking the spaces before it, punctuation taking the newlines after it.
  CHECK(preTokenize("I'VE 1234567 a  \n\nb.\n", PreTokenizer::Llama3) ==
        V{"I", "'VE", " ", "123", "456", "7", " a", "  \n\n", "b", ".\n"});
  CHECK(preTokenize("12345", PreTokenizer::Qwen2) == V{"1", "2", "3", "4", "5"});
  CHECK(preTokenize("ab12 c", PreTokenizer::Starcoder) == V{"ab", "1", "2", " c"});
  // Letters and digits by Unicode category: Devanagari digits are \p{N}.
  CHECK(preTokenize("\xE0\xA5\xA7\xE0\xA5\xA8 \xC3\xA9t\xC3\xA9", PreTokenizer::Gpt2) ==
        V{"\xE0\xA5\xA7\xE0\xA5\xA8", " \xC3\xA9t\xC3\xA9"});
  // An invalid byte reads as U+FFFD, which is neither letter nor digit.
  CHECK(preTokenize("a\xFF" "b", PreTokenizer::Gpt2) == V{"a", "\xEF\xBF\xBD", "b"});
}

TEST_CASE("a vocabulary with no byte tokens needs an unknown token", "[tokenizer][malformed]") {
  Vocabulary v;
  v.tokens = {"a", "b"};
  v.bos = v.eos = v.unk = kNoToken;
  std::unique_ptr<Tokenizer> t;
  rt::Status s = Tokenizer::create(v, t);
  REQUIRE_FALSE(s);
  CHECK(s.message() == "the vocabulary has no token for byte <0x00> and no unknown token");
  v.unk = 1;
  REQUIRE(Tokenizer::create(v, t));
  // The three bytes of U+2581 and "c" have no token.
  CHECK(t->tokenize("ac", false) == Ids{1, 1, 1, 0, 1});
}
