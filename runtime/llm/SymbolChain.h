//===- SymbolChain.h - Text as a chain of symbols that merge pairwise ------===//
//
// Both tokenizers start from one symbol per UTF-8 character and grow a
// symbol over its right neighbour on every merge; the symbols stay in one
// vector, linked, so that indices (and queued pairs) survive merges.
//
//===----------------------------------------------------------------------===//
#pragma once

#include <cstddef>
#include <cstdint>
#include <string_view>
#include <vector>

namespace thymos::llm {

/// Bytes in the UTF-8 sequence that `lead` starts, from its top four bits;
/// a stray continuation byte counts as one (llama.cpp's unicode_len_utf8).
inline size_t utf8SequenceLength(unsigned char lead) {
  static const unsigned char lengths[16] = {1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 2, 2, 3, 4};
  return lengths[lead >> 4];
}

struct Symbol {
  int32_t prev, next;   // -1: none
  size_t begin, length; // in the text; length 0: merged away
};

/// One symbol per character of `text` (a sequence cut short by the end is
/// one symbol of what is left).
inline std::vector<Symbol> symbolsOf(std::string_view text) {
  std::vector<Symbol> symbols;
  for (size_t pos = 0; pos < text.size();) {
    size_t length = utf8SequenceLength(static_cast<unsigned char>(text[pos]));
    length = length < text.size() - pos ? length : text.size() - pos;
    int32_t index = static_cast<int32_t>(symbols.size());
    symbols.push_back({index - 1, pos + length == text.size() ? -1 : index + 1, pos, length});
    pos += length;
  }
  return symbols;
}

/// Grows symbol `left` over the one after it, which leaves the chain.
inline void mergeWithNext(std::vector<Symbol> &symbols, int32_t left) {
  Symbol &l = symbols[left];
  Symbol &r = symbols[l.next];
  l.length += r.length;
  r.length = 0;
  l.next = r.next;
  if (r.next >= 0)
    symbols[r.next].prev = left;
}

} // namespace thymos::llm
