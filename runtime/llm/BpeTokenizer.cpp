//===- BpeTokenizer.cpp - Byte-level BPE, as llama.cpp does it -------------===//
//
// Each word of the pre-tokenizer is byte-encoded (GPT-2's table: printable
// bytes stand for themselves, the others for code points from U+0100 on),
// split into characters, and neighbouring symbols merge by the lowest merge
// rank, the leftmost first on a tie. A final symbol that is no token falls
// back to its bytes' one-character tokens, and is dropped where there is none.
//
//===----------------------------------------------------------------------===//

#include "runtime/llm/Tokenizer.h"

#include "runtime/llm/SymbolChain.h"
#include "runtime/llm/UnicodeCategories.h"

#include <array>
#include <cstdio>
#include <queue>

namespace thymos::llm {

namespace {

struct ByteTable {
  std::array<uint32_t, 256> toCodePoint{};
  std::array<int16_t, 512> toByte{}; // code points below 512 only; -1: none

  ByteTable() {
    toByte.fill(-1);
    uint32_t next = 256;
    for (int b = 0; b < 256; ++b) {
      bool printable =
          (b >= '!' && b <= '~') || (b >= 0xA1 && b <= 0xAC) || (b >= 0xAE && b <= 0xFF);
      toCodePoint[size_t(b)] = printable ? uint32_t(b) : next++;
      toByte[toCodePoint[size_t(b)]] = int16_t(b);
    }
  }
};

const ByteTable &byteTable() {
  static const ByteTable table;
  return table;
}

} // namespace

int32_t Tokenizer::mergeRank(std::string_view left, std::string_view right) const {
  std::string key;
  key.reserve(left.size() + 1 + right.size());
  key.append(left).append(1, ' ').append(right);
  auto it = mergeRanks_.find(key);
  return it == mergeRanks_.end() ? -1 : it->second;
}

void Tokenizer::segmentBpe(std::string_view text, std::vector<int32_t> &out) const {
  const ByteTable &table = byteTable();
  struct Pair {
    int32_t rank, left, right;
    std::string text; // left + right when proposed: a stale pair no longer matches
  };
  auto later = [](const Pair &a, const Pair &b) {
    return a.rank != b.rank ? a.rank > b.rank : a.left > b.left;
  };
  for (const std::string &word : preTokenize(text, pre_.kind)) {
    std::string encoded;
    for (unsigned char byte : word)
      unicode::appendUtf8(encoded, table.toCodePoint[byte]);
    if (pre_.ignoreMerges) {
      if (int32_t id = find(encoded); id != kNoToken) {
        out.push_back(id);
        continue;
      }
    }
    std::vector<Symbol> symbols = symbolsOf(encoded);
    std::priority_queue<Pair, std::vector<Pair>, decltype(later)> queue(later);
    auto view = [&](int32_t i) {
      return std::string_view(encoded).substr(symbols[i].begin, symbols[i].length);
    };
    auto propose = [&](int32_t left, int32_t right) {
      if (left < 0 || right < 0)
        return;
      int32_t rank = mergeRank(view(left), view(right));
      if (rank >= 0)
        queue.push({rank, left, right, std::string(view(left)).append(view(right))});
    };
    for (int32_t i = 1; i < static_cast<int32_t>(symbols.size()); ++i)
      propose(i - 1, i);
    while (!queue.empty()) {
      Pair pair = queue.top();
      queue.pop();
      const Symbol &left = symbols[pair.left], &right = symbols[pair.right];
      // Stale when either side merged since: then they are no longer the
      // adjacent texts that made up the pair.
      if (left.length == 0 || right.length == 0 || left.next != pair.right ||
          std::string_view(encoded).substr(left.begin, left.length + right.length) != pair.text)
        continue;
      mergeWithNext(symbols, pair.left);
      propose(symbols[pair.left].prev, pair.left);
      propose(pair.left, symbols[pair.left].next);
    }
    for (size_t i = 0; i < symbols.size(); ++i) {
      if (symbols[i].length == 0)
        continue;
      std::string_view piece = view(static_cast<int32_t>(i));
      if (int32_t id = find(piece); id != kNoToken) {
        out.push_back(id);
        continue;
      }
      for (char byte : piece)
        if (int32_t id = find(std::string_view(&byte, 1)); id != kNoToken)
          out.push_back(id);
    }
  }
}

void Tokenizer::appendBpePiece(const std::string &tokenText, std::string &out) const {
  const ByteTable &table = byteTable();
  for (uint32_t c : unicode::decodeUtf8(tokenText)) {
    if (c < table.toByte.size() && table.toByte[c] >= 0) {
      out += static_cast<char>(table.toByte[c]);
      continue;
    }
    // A character no byte stands for: llama.cpp spells out its bytes.
    std::string utf8;
    unicode::appendUtf8(utf8, c);
    out += "[UNK_BYTE_0x";
    for (unsigned char b : utf8) {
      char hex[3];
      std::snprintf(hex, sizeof hex, "%02x", b);
      out += hex;
    }
    out += tokenText + "]";
  }
}

std::string cleanTokenizationSpaces(std::string text) {
  // Three passes over the text, each as llama.cpp makes it.
  auto pass = [&](auto keep) {
    std::string out;
    for (size_t i = 0; i < text.size(); ++i)
      keep(i, out);
    text = std::move(out);
  };
  pass([&](size_t i, std::string &out) { // " ?", " !", " .", " ,"
    char x = text[i];
    if (i > 0 && text[i - 1] == ' ' && (x == '?' || x == '!' || x == '.' || x == ','))
      out.pop_back();
    out += x;
  });
  bool skipNext = false;
  pass([&](size_t i, std::string &out) { // " ' "
    if (skipNext) {
      skipNext = false;
      return;
    }
    char x = text[i];
    if (x == '\'' && i > 0 && i + 1 < text.size() && text[i - 1] == ' ' && text[i + 1] == ' ') {
      out.pop_back();
      skipNext = true;
    }
    out += x;
  });
  pass([&](size_t i, std::string &out) { // " 's", " 'm", " 're", " 've"
    char x = text[i];
    if (i > 0 && text[i - 1] == ' ' && x == '\'' && i + 1 < text.size()) {
      char x1 = text[i + 1];
      char x2 = i + 2 < text.size() ? text[i + 2] : '\0';
      bool reVe = i + 2 < text.size() && ((x1 == 'r' && x2 == 'e') || (x1 == 'v' && x2 == 'e'));
      if (x1 == 's' || x1 == 'm' || reVe)
        out.pop_back();
    }
    out += x;
  });
  return text;
}

} // namespace thymos::llm
