//===- PreTokenizer.cpp - Splitting text into words before BPE merges ------===//
//
// Each pattern cuts every piece the previous one left into its matches and
// the stretches between them (a regex split that keeps both). Two kinds:
//   - the GPT-2 and Llama 3 patterns, written out by hand (their lookahead
//     \s+(?!\S) cannot be a plain regex scan);
//   - patterns that match at one position, scanned left to right as a
//     leftmost-first regex search would.
// \s is the White_Space property; \p{L}, \p{N}, \p{P} the general category's
// first letter. A pattern sees only its piece: (?!\S) and $ stop at its end.
//
//===----------------------------------------------------------------------===//

#include "runtime/llm/PreTokenizer.h"

#include "runtime/llm/UnicodeCategories.h"

#include <algorithm>
#include <functional>
#include <utility>

namespace thymos::llm {

namespace {

using unicode::CategoryClass;

struct Text {
  std::vector<uint32_t> cps;
  std::vector<CategoryClass> cls;
  std::vector<bool> space;

  explicit Text(std::string_view utf8) : cps(unicode::decodeUtf8(utf8)) {
    for (uint32_t c : cps) {
      cls.push_back(unicode::categoryOf(c));
      space.push_back(unicode::isWhiteSpace(c));
    }
  }
};

/// One piece: [begin, end) in code points.
using Piece = std::pair<size_t, size_t>;

/// Appends the words one hand-written pattern makes of `piece`.
using Splitter = std::function<void(const Text &, Piece, std::vector<Piece> &)>;
/// The length of the match at `pos` (0: none), looking no further than `end`.
using Matcher = std::function<size_t(const Text &, size_t pos, size_t end)>;

// The shared shape of GPT-2's and Llama 3's patterns: `emit` closes a word
// at a position; a cursor walks the piece.
struct Cursor {
  const Text &t;
  size_t begin, end, last;
  std::vector<Piece> &out;

  bool in(size_t p) const { return p >= begin && p < end; }
  uint32_t cp(size_t p) const { return in(p) ? t.cps[p] : 0xFFFFFFFF; }
  bool letter(size_t p) const { return in(p) && t.cls[p] == CategoryClass::Letter; }
  bool number(size_t p) const { return in(p) && t.cls[p] == CategoryClass::Number; }
  bool space(size_t p) const { return in(p) && t.space[p]; }
  /// [^\s\p{L}\p{N}]: anything else, inside the piece.
  bool other(size_t p) const { return in(p) && !space(p) && !letter(p) && !number(p); }
  void emit(size_t to) {
    if (to > last)
      out.emplace_back(last, to);
    last = to;
  }
  /// 's 't 're 've 'm 'll 'd at p (ASCII case folded when `anyCase`): its length, or 0.
  size_t contraction(size_t p, bool anyCase) const {
    if (cp(p) != '\'' || !in(p + 1))
      return 0;
    auto lower = [&](uint32_t c) { return anyCase && c >= 'A' && c <= 'Z' ? c + 32 : c; };
    uint32_t a = lower(cp(p + 1)), b = in(p + 2) ? lower(cp(p + 2)) : 0;
    if (a == 's' || a == 't' || a == 'm' || a == 'd')
      return 2;
    if ((a == 'r' && b == 'e') || (a == 'v' && b == 'e') || (a == 'l' && b == 'l'))
      return 3;
    return 0;
  }
};

// 's|'t|'re|'ve|'m|'ll|'d| ?\p{L}+| ?\p{N}+| ?[^\s\p{L}\p{N}]+|\s+(?!\S)
void splitGpt2(const Text &t, Piece piece, std::vector<Piece> &out) {
  Cursor c{t, piece.first, piece.second, piece.first, out};
  for (size_t pos = c.begin; pos < c.end;) {
    if (size_t n = c.contraction(pos, false)) {
      c.emit(pos += n);
      continue;
    }
    size_t at = pos + (c.cp(pos) == ' '); // the optional leading space
    bool (Cursor::*runs[])(size_t) const = {&Cursor::letter, &Cursor::number, &Cursor::other};
    bool matched = false;
    for (auto run : runs) {
      if (!(c.*run)(at))
        continue;
      for (pos = at; (c.*run)(pos);)
        ++pos;
      c.emit(pos);
      matched = true;
      break;
    }
    if (matched)
      continue;
    size_t spaces = 0;
    while (c.space(pos + spaces))
      ++spaces;
    if (spaces > 1 && c.in(pos + spaces)) { // \s+(?!\S): leave the last for the word after
      c.emit(pos += spaces - 1);
      continue;
    }
    c.emit(pos += std::max<size_t>(spaces, 1));
  }
  c.emit(c.end);
}

// (?i:'s|'t|'re|'ve|'m|'ll|'d)|[^\r\n\p{L}\p{N}]?\p{L}+|\p{N}{1,D}
//   | ?[^\s\p{L}\p{N}]+[\r\n]*|\s*[\r\n]+|\s+(?!\S)|\s+
void splitLlama3(const Text &t, Piece piece, std::vector<Piece> &out, size_t digits) {
  Cursor c{t, piece.first, piece.second, piece.first, out};
  auto newline = [&](size_t p) { return c.cp(p) == '\r' || c.cp(p) == '\n'; };
  for (size_t pos = c.begin; pos < c.end;) {
    if (size_t n = c.contraction(pos, true)) {
      c.emit(pos += n);
      continue;
    }
    if (!newline(pos) && !c.number(pos) && (c.letter(pos) || c.letter(pos + 1))) {
      for (++pos; c.letter(pos);)
        ++pos;
      c.emit(pos);
      continue;
    }
    if (c.number(pos)) {
      for (size_t group = pos; c.number(pos);)
        if (++pos - group >= digits) {
          c.emit(pos);
          group = pos;
        }
      c.emit(pos);
      continue;
    }
    size_t at = pos + (c.cp(pos) == ' ');
    if (c.other(at)) {
      for (pos = at; c.other(pos);)
        ++pos;
      while (newline(pos))
        ++pos;
      c.emit(pos);
      continue;
    }
    size_t spaces = 0, afterNewline = 0;
    for (; c.space(pos + spaces); ++spaces)
      if (newline(pos + spaces))
        afterNewline = pos + spaces + 1;
    if (afterNewline > 0) { // \s*[\r\n]+
      c.emit(pos = afterNewline);
      continue;
    }
    if (spaces > 1 && c.in(pos + spaces)) {
      c.emit(pos += spaces - 1);
      continue;
    }
    c.emit(pos += std::max<size_t>(spaces, 1));
  }
  c.emit(c.end);
}

/// A regex split that keeps the stretches between matches.
Splitter byMatches(Matcher match) {
  return [match](const Text &t, Piece piece, std::vector<Piece> &out) {
    size_t gap = piece.first;
    for (size_t pos = piece.first; pos < piece.second;) {
      size_t n = match(t, pos, piece.second);
      if (n == 0) {
        ++pos;
        continue;
      }
      if (pos > gap)
        out.emplace_back(gap, pos);
      out.emplace_back(pos, pos + n);
      gap = pos += n;
    }
    if (piece.second > gap)
      out.emplace_back(gap, piece.second);
  };
}

/// C+ (or C when `one`) for a class of code points.
Matcher classRun(std::function<bool(const Text &, size_t)> member, bool one = false) {
  return [member, one](const Text &t, size_t pos, size_t end) -> size_t {
    size_t p = pos;
    while (p < end && member(t, p) && !(one && p > pos))
      ++p;
    return p - pos;
  };
}

/// \s?C+: an optional white space before a run of C.
Matcher spaceThenRun(std::function<bool(const Text &, size_t)> member) {
  return [member](const Text &t, size_t pos, size_t end) -> size_t {
    size_t p = pos + (t.space[pos] && pos + 1 < end && member(t, pos + 1));
    if (!member(t, p))
      return 0;
    while (p < end && member(t, p))
      ++p;
    return p - pos;
  };
}

bool isNumberAt(const Text &t, size_t p) { return t.cls[p] == CategoryClass::Number; }
bool isLetterAt(const Text &t, size_t p) { return t.cls[p] == CategoryClass::Letter; }
bool isPunctuationAt(const Text &t, size_t p) {
  return t.cls[p] == CategoryClass::Punctuation && !t.space[p];
}
bool isAsciiDigitAt(const Text &t, size_t p) { return t.cps[p] >= '0' && t.cps[p] <= '9'; }
bool isNewlineAt(const Text &t, size_t p) { return t.cps[p] == '\r' || t.cps[p] == '\n'; }

/// A code point as a pattern with literal ranges sees it: white space
/// outside ASCII reads as U+000B, so it is in no range.
uint32_t literal(const Text &t, size_t p) {
  return t.cps[p] > 0x7F && t.space[p] ? 0x0B : t.cps[p];
}

template <size_t N>
bool inRanges(const uint32_t (&ranges)[N][2], uint32_t c) {
  for (const auto &r : ranges)
    if (c >= r[0] && c <= r[1])
      return true;
  return false;
}

// CJK ideographs, and everything from U+0800 to them, and Hangul.
constexpr uint32_t kCjkRanges[][2] = {{0x4E00, 0x9FA5}, {0x0800, 0x4E00}, {0xAC00, 0xD7FF}};
// DeepSeek LLM's letters: Latin, Greek, Cyrillic, Armenian, Georgian, ... by range.
constexpr uint32_t kDeepseekLetters[][2] = {
    {0x0041, 0x005A},   {0x0061, 0x007A},   {0x00B5, 0x00B5},   {0x00C0, 0x00D6},
    {0x00D8, 0x00F6},   {0x00F8, 0x01BA},   {0x01BC, 0x01BF},   {0x01C4, 0x0293},
    {0x0295, 0x02AF},   {0x0370, 0x0373},   {0x0376, 0x0377},   {0x037B, 0x037D},
    {0x037F, 0x037F},   {0x0386, 0x0386},   {0x0388, 0x038A},   {0x038C, 0x038C},
    {0x038E, 0x03A1},   {0x03A3, 0x03F5},   {0x03F7, 0x0481},   {0x048A, 0x052F},
    {0x0531, 0x0556},   {0x10A0, 0x10C5},   {0x13A0, 0x13F5},   {0x13F8, 0x13FD},
    {0x1C90, 0x1CBA},   {0x1CBD, 0x1CBF},   {0x1D00, 0x1D2B},   {0x1D6B, 0x1D77},
    {0x1D79, 0x1D9A},   {0x1E00, 0x1F15},   {0x1F18, 0x1F1D},   {0x1F20, 0x1F45},
    {0x1F48, 0x1F4D},   {0x1F50, 0x1F57},   {0x1F59, 0x1F59},   {0x1F5B, 0x1F5B},
    {0x1F5D, 0x1F5D},   {0x1F5F, 0x1F7D},   {0x1F80, 0x1FB4},   {0x1FB6, 0x1FBC},
    {0x1FBE, 0x1FBE},   {0x1FC2, 0x1FC4},   {0x1FC6, 0x1FCC},   {0x1FD0, 0x1FD3},
    {0x1FD6, 0x1FDB},   {0x1FE0, 0x1FEC},   {0x1FF2, 0x1FF4},   {0x1FF6, 0x1FFC},
    {0x2102, 0x2102},   {0x2107, 0x2107},   {0x210A, 0x2113},   {0x2115, 0x2115},
    {0x2119, 0x211D},   {0x2124, 0x2124},   {0x2126, 0x2126},   {0x2128, 0x2128},
    {0x212A, 0x212D},   {0x212F, 0x2134},   {0x2139, 0x2139},   {0x213C, 0x213F},
    {0x2145, 0x2149},   {0x214E, 0x214E},   {0x2183, 0x2184},   {0x2C00, 0x2C7B},
    {0x2C7E, 0x2CE4},   {0x2CEB, 0x2CEE},   {0x2CF2, 0x2CF3},   {0xA640, 0xA66D},
    {0xA680, 0xA69B},   {0xA722, 0xA76F},   {0xA771, 0xA787},   {0xA78B, 0xA78E},
    {0xAB70, 0xABBF},   {0xFB00, 0xFB06},   {0xFB13, 0xFB17},   {0xFF21, 0xFF3A},
    {0xFF41, 0xFF5A},   {0x10400, 0x1044F}, {0x104B0, 0x104D3}, {0x104D8, 0x104FB},
    {0x10C80, 0x10CB2}, {0x10CC0, 0x10CF2}, {0x118A0, 0x118DF}, {0x1E900, 0x1E943}};
// DeepSeek LLM's punctuation: ASCII, full-width forms, quotes, CJK marks.
constexpr uint32_t kDeepseekPunctuation[][2] = {{0x21, 0x2F},     {0x3A, 0x7E},
                                                {0xFF01, 0xFF0F}, {0xFF1A, 0xFF5E},
                                                {0x2018, 0x201F}, {0x3000, 0x3002}};

/// [\p{P}EXTRA]+ with some ASCII symbols besides punctuation.
Matcher punctuationRun(std::string_view extra) {
  std::string chars(extra);
  return classRun([chars](const Text &t, size_t p) {
    return isPunctuationAt(t, p) || (t.cps[p] < 0x80 && chars.find(char(t.cps[p])) != chars.npos);
  });
}

std::vector<Splitter> patternsOf(PreTokenizer kind) {
  Splitter gpt2 = splitGpt2;
  auto llama3 = [](size_t digits) -> Splitter {
    return [digits](const Text &t, Piece p, std::vector<Piece> &out) {
      splitLlama3(t, p, out, digits);
    };
  };
  Splitter digit = byMatches(classRun(isNumberAt, /*one=*/true));
  Splitter digitRun = byMatches(classRun(isNumberAt));
  Splitter threeDigits = byMatches([](const Text &t, size_t pos, size_t end) -> size_t {
    return pos + 3 <= end && isAsciiDigitAt(t, pos) && isAsciiDigitAt(t, pos + 1) &&
                   isAsciiDigitAt(t, pos + 2)
               ? 3
               : 0;
  });
  Splitter newline = byMatches(classRun(isNewlineAt, /*one=*/true));
  Splitter cjk = byMatches(classRun(
      [](const Text &t, size_t p) { return inRanges(kCjkRanges, literal(t, p)); }));
  switch (kind) {
  case PreTokenizer::Default:
    return {byMatches(punctuationRun("$+<=>^~|")), gpt2, digitRun, threeDigits};
  case PreTokenizer::Gpt2:
    return {gpt2};
  case PreTokenizer::Llama3:
    return {llama3(3)};
  case PreTokenizer::Qwen2:
    return {llama3(1)};
  case PreTokenizer::Starcoder:
    return {digit, gpt2};
  case PreTokenizer::Falcon:
    return {byMatches(punctuationRun("$+<=>^~|`")), gpt2, threeDigits};
  case PreTokenizer::DeepseekCoder:
    return {newline, byMatches(spaceThenRun(isLetterAt)),
            byMatches(spaceThenRun(isPunctuationAt)), cjk, digit};
  case PreTokenizer::DeepseekLlm: {
    Splitter trailingSpace = byMatches([](const Text &t, size_t pos, size_t end) -> size_t {
      size_t p = pos;
      while (p < end && t.space[p])
        ++p;
      return p == end ? end - pos : 0; // \s+$
    });
    return {newline,
            byMatches(spaceThenRun(
                [](const Text &t, size_t p) { return inRanges(kDeepseekLetters, literal(t, p)); })),
            byMatches(spaceThenRun([](const Text &t, size_t p) {
              return inRanges(kDeepseekPunctuation, literal(t, p));
            })),
            trailingSpace, cjk, digitRun};
  }
  }
  return {gpt2};
}

// What llama.cpp does for each name: the split, and its ignore_merges,
// add_bos and clean_spaces settings.
struct Name {
  const char *name;
  PreTokenizer kind;
  bool ignoreMerges = false, addBos = false, cleanSpaces = true;
};
const Name kNames[] = {
    {"default", PreTokenizer::Default},
    {"gpt-2", PreTokenizer::Gpt2},
    {"mpt", PreTokenizer::Gpt2},
    {"phi-2", PreTokenizer::Gpt2},
    {"olmo", PreTokenizer::Gpt2},
    {"jais", PreTokenizer::Gpt2},
    {"llama3", PreTokenizer::Llama3, true, true},
    {"llama-v3", PreTokenizer::Llama3, true, true},
    {"llama-bpe", PreTokenizer::Llama3, true, true},
    {"smaug-bpe", PreTokenizer::Llama3},
    {"dbrx", PreTokenizer::Llama3},
    {"qwen2", PreTokenizer::Qwen2, false, false, false},
    {"deepseek-r1-qwen", PreTokenizer::Qwen2, false, false, false},
    {"stablelm2", PreTokenizer::Qwen2},
    {"starcoder", PreTokenizer::Starcoder},
    {"refact", PreTokenizer::Starcoder},
    {"codeshell", PreTokenizer::Starcoder},
    {"smollm", PreTokenizer::Starcoder, false, false, false},
    {"command-r", PreTokenizer::Starcoder, false, false, false},
    {"falcon", PreTokenizer::Falcon},
    {"deepseek-coder", PreTokenizer::DeepseekCoder, false, false, false},
    {"deepseek-llm", PreTokenizer::DeepseekLlm, false, false, false},
};

} // namespace

bool preTokenizerNamed(std::string_view name, PreTokenizerSettings &out) {
  for (const Name &n : kNames)
    if (name == n.name) {
      out = {n.kind, n.ignoreMerges, n.addBos, n.cleanSpaces};
      return true;
    }
  return false;
}

std::string knownPreTokenizerNames() {
  std::string names;
  for (const Name &n : kNames)
    names += (names.empty() ? "" : ", ") + std::string(n.name);
  return names;
}

std::vector<std::string> preTokenize(std::string_view text, PreTokenizer kind) {
  Text t(text);
  std::vector<Piece> pieces;
  if (!t.cps.empty())
    pieces.emplace_back(0, t.cps.size());
  for (const Splitter &split : patternsOf(kind)) {
    std::vector<Piece> next;
    for (Piece p : pieces)
      split(t, p, next);
    pieces = std::move(next);
  }
  std::vector<std::string> words;
  for (Piece p : pieces) {
    std::string word;
    for (size_t i = p.first; i < p.second; ++i)
      unicode::appendUtf8(word, t.cps[i]);
    words.push_back(std::move(word));
  }
  return words;
}

} // namespace thymos::llm
