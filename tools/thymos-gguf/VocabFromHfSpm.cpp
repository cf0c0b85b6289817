//===- VocabFromHfSpm.cpp - SentencePiece-style BPE as a "llama" vocabulary -===//
//
// Why scores can stand in for merges. llama.cpp's SentencePiece tokenizer
// splits a text (spaces made U+2581) into characters, then repeatedly joins
// the two neighbours whose joined text is the piece of highest score, the
// leftmost on a tie. BPE repeatedly applies, among the neighbouring pairs
// that are merges, the one listed first (lowest rank), the leftmost on a tie.
// With each piece scored minus the rank of the first merge that makes it,
// the two choose the same pair at every step, provided that
//  (a) every pair of neighbours that joins into a piece is a merge: else
//      llama.cpp joins what BPE leaves apart. Hugging Face's converter lists
//      every such split of every piece, so this holds for its output; it is
//      checked below, with a warning counting the pieces where it fails.
//  (b) the merges that make one piece (all with the first one's score) are
//      not overtaken by merges listed between them that take their left or
//      right side. The converter lists them together, except for pieces of
//      equal SentencePiece score, which in Gemma are its runs of spaces,
//      newlines and tabs. There the merges in between make runs too, and
//      runs come out alike either way (tried for 1 to 69 spaces between
//      words; newlines and tabs are cut out as added tokens first anyway).
// tools/llama-peer/hf_tokenize.mjs compares the ids on whole texts.
//
// Token types: added tokens are control tokens when special, user-defined
// (cut out of the raw text before anything else, as Hugging Face does with
// them) otherwise; but an added token holding U+2581 is normal, because the
// tokenizer matches it against the raw text, where a space is still a space:
// what reaches it is the merges, and decoded, its U+2581 are spaces.
// <0xHH> pieces are byte tokens, model.unk_token the unknown token.
//
//===----------------------------------------------------------------------===//
#include "VocabFromHfSpm.h"

#include <algorithm>
#include <cstdio>
#include <unordered_map>

namespace thymos::tools {

namespace {

constexpr const char *kSpaceMark = "\xE2\x96\x81"; // U+2581

/// The steps of a normalizer or pre-tokenizer: its own, or a Sequence's.
std::vector<const JsonValue *> steps(const JsonValue *step, const char *listKey) {
  if (!step || !step->isObject())
    return {};
  const JsonValue *type = step->find("type");
  const JsonValue *list = step->find(listKey);
  if (!type || type->text != "Sequence" || !list || !list->isArray())
    return {step};
  std::vector<const JsonValue *> out;
  for (const JsonValue &item : list->items)
    out.push_back(&item);
  return out;
}

std::string typeOf(const JsonValue &step) {
  const JsonValue *type = step.find("type");
  return type && type->isString() ? type->text : "";
}

/// A Replace or Split step's pattern when it is a plain string ("" if not).
std::string stringPattern(const JsonValue &step) {
  const JsonValue *pattern = step.find("pattern");
  const JsonValue *text = pattern ? pattern->find("String") : nullptr;
  return text && text->isString() ? text->text : "";
}

bool isSpaceReplace(const JsonValue &step) {
  const JsonValue *content = step.find("content");
  return typeOf(step) == "Replace" && stringPattern(step) == " " && content &&
         content->text == kSpaceMark;
}

bool isBytePiece(const std::string &text) {
  auto hex = [](char c) { return (c >= '0' && c <= '9') || (c >= 'A' && c <= 'F'); };
  return text.size() == 6 && text.compare(0, 3, "<0x") == 0 && hex(text[3]) && hex(text[4]) &&
         text[5] == '>';
}

/// Whether llama.cpp's tokenizer reproduces the tokenizer's text handling:
/// spaces made U+2581, perhaps one put in front, nothing else. Sets the prefix.
bool readTextSteps(const JsonValue &tokenizer, bool &prefix, std::string &error) {
  bool replaced = false;
  for (const JsonValue *step : steps(tokenizer.find("normalizer"), "normalizers")) {
    const JsonValue *prepend = step->find("prepend");
    if (isSpaceReplace(*step)) {
      replaced = true;
    } else if (typeOf(*step) == "Prepend" && prepend && prepend->text == kSpaceMark) {
      prefix = true;
    } else {
      error = "normalizer step '" + typeOf(*step) +
              "' is not one llama.cpp's SentencePiece tokenizer applies";
      return false;
    }
  }
  for (const JsonValue *step : steps(tokenizer.find("pre_tokenizer"), "pretokenizers")) {
    const JsonValue *scheme = step->find("prepend_scheme");
    const JsonValue *addPrefix = step->find("add_prefix_space");
    const JsonValue *split = step->find("split");
    // After the Replace normalizer no space is left for Gemma's Split to cut at.
    if (typeOf(*step) == "Split" && stringPattern(*step) == " " && replaced)
      continue;
    if (typeOf(*step) == "Metaspace" && !(split && split->boolean)) {
      prefix = scheme ? scheme->text != "never" : addPrefix && addPrefix->boolean;
      continue;
    }
    error = "pre_tokenizer step '" + typeOf(*step) + "' splits the text into words, which "
            "llama.cpp's SentencePiece tokenizer does not";
    return false;
  }
  return true;
}

/// The length of the UTF-8 character at `text[at]` (a stray byte counts 1).
size_t charLength(const std::string &text, size_t at) {
  unsigned char c = static_cast<unsigned char>(text[at]);
  return c < 0xC0 ? 1 : c < 0xE0 ? 2 : c < 0xF0 ? 3 : 4;
}

} // namespace

bool writesSpaceMark(const JsonValue &tokenizer) {
  for (const JsonValue *step : steps(tokenizer.find("normalizer"), "normalizers"))
    if (isSpaceReplace(*step))
      return true;
  for (const JsonValue *step : steps(tokenizer.find("pre_tokenizer"), "pretokenizers"))
    if (typeOf(*step) == "Metaspace")
      return true;
  return false;
}

bool convertSentencePiece(const JsonValue &tokenizer, HfTokens &hf, SpmVocab &out,
                          std::string &error) {
  const JsonValue &model = *tokenizer.find("model");
  const JsonValue *fallback = model.find("byte_fallback");
  if (!fallback || !fallback->boolean) {
    error = "model.byte_fallback is not true: llama.cpp's SentencePiece tokenizer writes a "
            "character without a piece as <0xHH> byte pieces";
    return false;
  }
  if (!readTextSteps(tokenizer, out.addSpacePrefix, error))
    return false;

  const size_t n = hf.tokens.size();
  std::unordered_map<std::string, int32_t> ids;
  for (size_t i = 0; i < n; ++i)
    ids.emplace(hf.tokens[i], int32_t(i));
  const JsonValue *unk = model.find("unk_token");
  for (size_t i = 0; i < n; ++i) {
    const std::string &text = hf.tokens[i];
    int32_t &type = hf.types[i];
    if (type == kTokenNormal && isBytePiece(text))
      type = kTokenByte;
    else if (unk && unk->isString() && text == unk->text)
      type = kTokenUnknown;
    else if (type == kTokenUser && text.find(kSpaceMark) != std::string::npos)
      type = kTokenNormal;
  }

  if (hf.merges.size() >= (size_t(1) << 24)) {
    error = std::to_string(hf.merges.size()) + " merges: float32 scores cannot keep them apart";
    return false;
  }
  // A pair's rank is its last listing, as Hugging Face reads the list; a
  // piece's score is minus its first merge's rank, and below every merge's
  // for pieces no merge makes.
  std::unordered_map<std::string, uint32_t> pairRanks;
  for (size_t rank = 0; rank < hf.merges.size(); ++rank) {
    const auto &[left, right] = hf.merges[rank];
    pairRanks[left + '\0' + right] = uint32_t(rank);
  }
  const float none = float(-int64_t(hf.merges.size()) - 1);
  out.scores.assign(n, none);
  std::vector<uint32_t> firstRank(n, UINT32_MAX);
  for (const auto &[pair, rank] : pairRanks) {
    std::string piece = pair;
    piece.erase(piece.find('\0'), 1);
    auto it = ids.find(piece);
    if (it == ids.end()) {
      error = "the merge of '" + pair.substr(0, pair.find('\0')) + "' and '" +
              pair.substr(pair.find('\0') + 1) + "' makes '" + piece +
              "', which is not in the vocabulary";
      return false;
    }
    firstRank[size_t(it->second)] = std::min(firstRank[size_t(it->second)], rank);
  }
  for (size_t i = 0; i < n; ++i)
    if (firstRank[i] != UINT32_MAX)
      out.scores[i] = float(-int64_t(firstRank[i])); // 0 for rank 0, not -0

  // (a) Pairs of a piece and a piece (or a character, which every text
  // starts as) that llama.cpp joins and no merge joins.
  size_t unmerged = 0;
  for (size_t i = 0; i < n; ++i) {
    const std::string &text = hf.tokens[i];
    if (hf.types[i] == kTokenUser || text.empty())
      continue; // cut out of the text before any joining
    for (size_t cut = charLength(text, 0); cut < text.size(); cut += charLength(text, cut)) {
      std::string left = text.substr(0, cut), right = text.substr(cut);
      bool leftSymbol = ids.count(left) || cut == charLength(text, 0);
      bool rightSymbol = ids.count(right) || right.size() == charLength(right, 0);
      if (leftSymbol && rightSymbol && !pairRanks.count(left + '\0' + right)) {
        ++unmerged;
        break;
      }
    }
  }
  if (unmerged)
    std::fprintf(stderr,
                 "thymos-gguf: warning: llama.cpp may join %zu piece(s) from two parts that no "
                 "merge joins: text holding them may get other ids than the tokenizer gives\n",
                 unmerged);
  return true;
}

} // namespace thymos::tools
