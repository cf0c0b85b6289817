//===- Tokenizer.cpp - SentencePiece tokenization, as llama.cpp does it ------===//
//
// The algorithm follows llama.cpp's SPM tokenizer (src/llama-vocab.cpp) fact
// for fact, since the goal is the same ids; see docs/llm.md for the steps.
//
//===----------------------------------------------------------------------===//
#include "runtime/llm/Tokenizer.h"

#include "runtime/llm/SymbolChain.h"

#include "runtime/Plan.h"
#include "runtime/gguf/File.h"

#include <algorithm>
#include <cctype>
#include <queue>

namespace thymos::llm {

namespace {

/// U+2581 LOWER ONE EIGHTH BLOCK, SentencePiece's visible space.
constexpr std::string_view kSpaceMark = "\xE2\x96\x81";

/// Appends `text` to `out` with every `from` replaced by `to`.
void appendReplaced(std::string &out, std::string_view text, std::string_view from,
                    std::string_view to) {
  for (size_t pos = 0;;) {
    size_t hit = text.find(from, pos);
    out.append(text.substr(pos, hit == std::string_view::npos ? hit : hit - pos));
    if (hit == std::string_view::npos)
      return;
    out.append(to);
    pos = hit + from.size();
  }
}

std::string replaceAll(std::string_view text, std::string_view from, std::string_view to) {
  std::string out;
  out.reserve(text.size());
  appendReplaced(out, text, from, to);
  return out;
}

/// The value of a "<0xHH>" piece, or -1.
int byteValue(std::string_view text) {
  if (text.size() != 6 || text.compare(0, 3, "<0x") != 0 || text[5] != '>')
    return -1;
  int value = 0;
  for (char c : text.substr(3, 2)) {
    int digit = std::isdigit(static_cast<unsigned char>(c)) ? c - '0'
                : (c >= 'a' && c <= 'f')                   ? c - 'a' + 10
                : (c >= 'A' && c <= 'F')                   ? c - 'A' + 10
                                                           : -1;
    if (digit < 0)
      return -1;
    value = value * 16 + digit;
  }
  return value;
}

/// Pieces that llama.cpp treats as control tokens, whatever their type in
/// the file: the end-of-generation and fill-in-the-middle markers it
/// recognises by their text (llama_vocab::impl::load, "control-looking").
constexpr std::string_view kControlLooking[] = {
    "<|eot_id|>", "<|im_end|>", "<|end|>", "<|return|>", "<|call|>", "<|flush|>", "<|calls|>",
    "<end_of_turn>", "<|endoftext|>", "</s>", "<|eom_id|>", "<EOT>", "_<EOT>", "[EOT]", "[EOS]",
    "<|end_of_text|>", "<end_of_utterance>", "<eos>", "<turn|>", "<|tool_response>",
    "<\xEF\xBD\x9C" "end\xE2\x96\x81of\xE2\x96\x81sentence\xEF\xBD\x9C>", "[e~[",
    "<|fim_prefix|>", "<fim-prefix>", "<fim_prefix>", "<|prefix|>", "<PRE>", "\xE2\x96\x81<PRE>",
    "<|code_prefix|>", "<\xEF\xBD\x9C" "fim\xE2\x96\x81" "begin\xEF\xBD\x9C>", "<|fim_suffix|>",
    "<fim-suffix>", "<fim_suffix>", "<|suffix|>", "<SUF>", "\xE2\x96\x81<SUF>", "<|code_suffix|>",
    "<\xEF\xBD\x9C" "fim\xE2\x96\x81hole\xEF\xBD\x9C>", "<|fim_middle|>", "<fim-middle>",
    "<fim_middle>", "<|middle|>", "<MID>", "\xE2\x96\x81<MID>", "<|code_middle|>",
    "<\xEF\xBD\x9C" "fim\xE2\x96\x81" "end\xEF\xBD\x9C>", "<|fim_pad|>", "<fim-pad>", "<fim_pad>",
    "[PAD]", "<PAD>", "<|fim_repo|>", "<|repo_name|>", "<fim-repo>", "<REPO>", "<reponame>",
    "<|file_sep|>",
};

uint32_t attrOf(TokenType type) {
  switch (type) {
  case TokenType::Unknown: return 1;
  case TokenType::Unused: return 2;
  case TokenType::Normal: return 4;
  case TokenType::Control: return 8;
  case TokenType::UserDefined: return 16;
  case TokenType::Byte: return 32;
  case TokenType::Undefined: return 0;
  }
  return 0;
}

bool isSpace(char c) { return std::isspace(static_cast<unsigned char>(c)) != 0; }

std::string lower(std::string text) {
  for (char &c : text)
    c = static_cast<char>(std::tolower(static_cast<unsigned char>(c)));
  return text;
}

} // namespace

// --- Building -----------------------------------------------------------------

rt::Status Tokenizer::create(Vocabulary vocab, std::unique_ptr<Tokenizer> &out) {
  const size_t n = vocab.tokens.size();
  if (n == 0)
    return rt::Status::error("the vocabulary has no tokens");
  if (n > static_cast<size_t>(INT32_MAX))
    return rt::Status::error("the vocabulary has " + std::to_string(n) + " tokens, more than ids can number");
  if (!vocab.scores.empty() && vocab.scores.size() != n)
    return rt::Status::error("tokenizer.ggml.scores has " + std::to_string(vocab.scores.size()) +
                             " entries for " + std::to_string(n) + " tokens");
  if (!vocab.types.empty() && vocab.types.size() != n)
    return rt::Status::error("tokenizer.ggml.token_type has " + std::to_string(vocab.types.size()) +
                             " entries for " + std::to_string(n) + " tokens");
  struct Special {
    const char *key;
    int32_t id;
  } specials[] = {{"bos_token_id", vocab.bos}, {"eos_token_id", vocab.eos}, {"unknown_token_id", vocab.unk}};
  for (const Special &s : specials)
    if (s.id != kNoToken && (s.id < 0 || static_cast<size_t>(s.id) >= n))
      return rt::Status::error(std::string("tokenizer.ggml.") + s.key + " is " + std::to_string(s.id) +
                               ", outside the vocabulary of " + std::to_string(n) + " tokens");

  std::unique_ptr<Tokenizer> t(new Tokenizer());
  t->tokens_.resize(n);
  for (size_t i = 0; i < n; ++i) {
    Token &token = t->tokens_[i];
    token.text = std::move(vocab.tokens[i]);
    // llama.cpp renames empty pieces so that every piece is distinct.
    if (token.text.empty())
      token.text = "[EMPTY_" + std::to_string(i) + "]";
    token.score = vocab.scores.empty() ? 0.0f : vocab.scores[i];
    int32_t type = vocab.types.empty() ? 1 : vocab.types[i];
    token.type = type >= 0 && type <= 6 ? static_cast<TokenType>(type) : TokenType::Undefined;
    token.attr = attrOf(token.type);
    if (token.type == TokenType::Byte && byteValue(token.text) < 0)
      return rt::Status::error("token " + std::to_string(i) + " is a byte token, but its piece '" + token.text +
                               "' is not <0xXX>");
  }
  t->ids_.reserve(n);
  for (size_t i = 0; i < n; ++i)
    if (!t->ids_.emplace(t->tokens_[i].text, static_cast<int32_t>(i)).second)
      return rt::Status::error("tokens " + std::to_string(t->ids_[t->tokens_[i].text]) + " and " +
                               std::to_string(i) + " have the same piece '" + t->tokens_[i].text + "'");

  t->bos_ = vocab.bos;
  t->eos_ = vocab.eos;
  t->unk_ = vocab.unk;
  t->addBos_ = vocab.addBos;
  t->addEos_ = vocab.addEos;
  t->addSpacePrefix_ = vocab.addSpacePrefix;
  t->bpe_ = vocab.bpe;
  t->pre_ = vocab.pre;
  t->chatTemplate_ = std::move(vocab.chatTemplate);
  for (size_t rank = 0; rank < vocab.merges.size(); ++rank) {
    // "left right", split at the first space after the first byte, as llama.cpp does.
    const std::string &merge = vocab.merges[rank];
    if (merge.find(' ', 1) == std::string::npos)
      return rt::Status::error("tokenizer.ggml.merges entry " + std::to_string(rank) + " ('" + merge +
                               "') is not two pieces separated by a space");
    t->mergeRanks_.emplace(merge, static_cast<int32_t>(rank));
  }

  // Byte fallback: "<0xXX>", else the byte as a one-byte piece, else <unk>.
  // (Byte-level BPE needs none: every byte has a character of its own.)
  static const char hex[] = "0123456789ABCDEF";
  for (int b = 0; b < 256 && !vocab.bpe; ++b) {
    const char name[6] = {'<', '0', 'x', hex[b >> 4], hex[b & 15], '>'};
    int32_t id = t->find(std::string_view(name, 6));
    if (id == kNoToken)
      id = t->find(std::string(1, static_cast<char>(b)));
    if (id == kNoToken)
      id = t->unk_;
    if (id == kNoToken)
      return rt::Status::error("the vocabulary has no token for byte " + std::string(name, 6) +
                               " and no unknown token");
    t->byteTokens_[b] = id;
  }

  for (std::string_view text : kControlLooking)
    if (int32_t id = t->find(text); id != kNoToken)
      t->tokens_[id].attr |= kControl;
  // gpt-oss's channel markers are always rendered.
  for (std::string_view text : {"<|channel|>", "<|message|>", "<|start|>", "<|constrain|>"})
    if (int32_t id = t->find(text); id != kNoToken)
      t->tokens_[id].attr = kUserDefined;

  // Special tokens are cut out of the text before anything else, the
  // longest first: user-defined ones always, control and unknown ones only
  // when asked (parseSpecial). For Phi-3, llama.cpp also drops the
  // whitespace after each special token except <unk>, <s> and <|endoftext|>.
  std::string name = lower(vocab.modelName);
  bool phi3 = name.find("phi-3") != std::string::npos || name.find("phi3") != std::string::npos;
  for (size_t i = 0; i < n; ++i) {
    Token &token = t->tokens_[i];
    if (!(token.attr & (kUserDefined | kControl | kUnknown)))
      continue;
    token.rstrip = phi3 && token.text != "<unk>" && token.text != "<s>" && token.text != "<|endoftext|>";
    t->specials_.push_back(static_cast<int32_t>(i));
  }
  std::stable_sort(t->specials_.begin(), t->specials_.end(), [&](int32_t a, int32_t b) {
    return t->tokens_[a].text.size() > t->tokens_[b].text.size();
  });
  // llama.cpp's end-of-generation tokens: EOS, and these when they are
  // control tokens.
  if (t->eos_ != kNoToken)
    t->endOfGeneration_.push_back(t->eos_);
  for (std::string_view text : {"<|eot_id|>", "<|im_end|>", "<|end|>", "<|return|>", "<|call|>",
                                "<end_of_turn>", "<|endoftext|>", "<|eom_id|>", "<EOT>",
                                "<|end_of_text|>", "<end_of_utterance>"})
    if (int32_t id = t->find(text); id != kNoToken && (t->tokens_[id].attr & kControl))
      t->endOfGeneration_.push_back(id);
  std::sort(t->endOfGeneration_.begin(), t->endOfGeneration_.end());
  out = std::move(t);
  return rt::Status::success();
}

bool Tokenizer::endsGeneration(int32_t id) const {
  return std::binary_search(endOfGeneration_.begin(), endOfGeneration_.end(), id);
}

int32_t Tokenizer::find(std::string_view piece) const {
  auto it = ids_.find(piece);
  return it == ids_.end() ? kNoToken : it->second;
}

// --- Text to ids ----------------------------------------------------------------

std::vector<int32_t> Tokenizer::tokenize(std::string_view text, bool addBos,
                                         bool parseSpecial) const {
  // Split out special tokens: a fragment is a token or a stretch of text.
  struct Fragment {
    int32_t token; // kNoToken for text
    size_t begin, length;
  };
  std::vector<Fragment> fragments;
  if (!text.empty())
    fragments.push_back({kNoToken, 0, text.size()});
  for (int32_t special : specials_) {
    const Token &token = tokens_[special];
    if (!parseSpecial && (token.attr & (kControl | kUnknown)))
      continue;
    std::vector<Fragment> next;
    for (const Fragment &f : fragments) {
      if (f.token != kNoToken) {
        next.push_back(f);
        continue;
      }
      size_t pos = f.begin, end = f.begin + f.length;
      while (pos < end) {
        size_t hit = text.substr(0, end).find(token.text, pos);
        if (hit == std::string_view::npos) {
          next.push_back({kNoToken, pos, end - pos});
          break;
        }
        if (hit > pos)
          next.push_back({kNoToken, pos, hit - pos});
        next.push_back({special, hit, token.text.size()});
        pos = hit + token.text.size();
        while (token.rstrip && pos < end && isSpace(text[pos]))
          ++pos;
      }
    }
    fragments = std::move(next);
  }

  std::vector<int32_t> out;
  if (addBos && addBos_ && bos_ != kNoToken)
    out.push_back(bos_);
  // A space goes in front of the text and of any text after a special token.
  bool afterSpecial = true;
  for (const Fragment &f : fragments) {
    if (f.token != kNoToken) {
      out.push_back(f.token);
      afterSpecial = true;
      continue;
    }
    std::string piece = addSpacePrefix_ && afterSpecial ? " " : "";
    piece.append(text.substr(f.begin, f.length));
    if (bpe_)
      segmentBpe(piece, out);
    else
      segment(replaceAll(piece, " ", kSpaceMark), out);
    afterSpecial = false;
  }
  if (addBos && addEos_ && eos_ != kNoToken)
    out.push_back(eos_);
  return out;
}

void Tokenizer::segment(std::string_view text, std::vector<int32_t> &out) const {
  // The text as a doubly linked list of symbols, one per UTF-8 character at
  // first; a merge grows the left symbol over the right one.
  std::vector<Symbol> symbols = symbolsOf(text);
  if (symbols.empty())
    return;

  // Candidate merges of two neighbours whose joined text is a piece: the
  // highest score first, then the leftmost.
  struct Pair {
    float score;
    int32_t left, right;
    size_t length;
  };
  auto later = [](const Pair &a, const Pair &b) {
    return a.score < b.score || (a.score == b.score && a.left > b.left);
  };
  std::priority_queue<Pair, std::vector<Pair>, decltype(later)> queue(later);
  auto propose = [&](int32_t left, int32_t right) {
    if (left < 0 || right < 0)
      return;
    size_t length = symbols[left].length + symbols[right].length;
    int32_t id = find(text.substr(symbols[left].begin, length));
    if (id != kNoToken)
      queue.push({tokens_[id].score, left, right, length});
  };
  for (int32_t i = 1; i < static_cast<int32_t>(symbols.size()); ++i)
    propose(i - 1, i);

  while (!queue.empty()) {
    Pair pair = queue.top();
    queue.pop();
    Symbol &left = symbols[pair.left];
    Symbol &right = symbols[pair.right];
    // Stale: one side has been merged since the pair was proposed.
    if (left.length == 0 || right.length == 0 || left.length + right.length != pair.length)
      continue;
    mergeWithNext(symbols, pair.left);
    propose(left.prev, pair.left);
    propose(pair.left, left.next);
  }

  // Every symbol left is a piece, or a character with no piece: its bytes.
  for (int32_t i = 0; i != -1; i = symbols[i].next) {
    std::string_view piece = text.substr(symbols[i].begin, symbols[i].length);
    int32_t id = find(piece);
    if (id != kNoToken) {
      out.push_back(id);
      continue;
    }
    for (char c : piece)
      out.push_back(byteTokens_[static_cast<unsigned char>(c)]);
  }
}

// --- Ids to text ----------------------------------------------------------------

void Tokenizer::appendPiece(int32_t id, bool special, bool stripSpace, std::string &out) const {
  if (id < 0 || id >= size())
    return;
  const Token &token = tokens_[id];
  const size_t start = out.size();
  if (token.attr & (kControl | kUnknown)) {
    if (!special)
      return;
    out += token.text;
  } else if (token.attr & kUserDefined) {
    out += token.text;
  } else if ((token.attr & kNormal) && bpe_) {
    appendBpePiece(token.text, out);
  } else if (token.attr & kNormal) {
    appendReplaced(out, token.text, kSpaceMark, " ");
  } else if (token.attr & kByte) {
    out += static_cast<char>(byteValue(token.text));
  } else {
    return; // unused and undefined tokens have no text
  }
  if (stripSpace && out.size() > start && out[start] == ' ')
    out.erase(start, 1);
}

std::string Tokenizer::piece(int32_t id, bool special, bool stripSpace) const {
  std::string text;
  appendPiece(id, special, stripSpace, text);
  return text;
}

std::string Tokenizer::tokenToPiece(int32_t id, bool special) const { return piece(id, special, false); }

std::string Tokenizer::detokenize(const std::vector<int32_t> &ids, bool special) const {
  std::string out;
  for (size_t i = 0; i < ids.size(); ++i)
    out += piece(ids[i], special, i == 0 && addSpacePrefix_);
  return bpe_ && pre_.cleanSpaces ? cleanTokenizationSpaces(std::move(out)) : out;
}

void TokenStream::push(int32_t id, std::string &ready) {
  tokenizer_.appendPiece(id, special_, first_ && tokenizer_.addSpacePrefix_, pending_);
  first_ = false;
  // Hold back the tail when it is the start of a UTF-8 sequence that the
  // next tokens may complete; anything else goes out as it is.
  size_t held = 0;
  for (size_t back = 1; back <= 3 && back <= pending_.size(); ++back) {
    unsigned char c = static_cast<unsigned char>(pending_[pending_.size() - back]);
    if ((c & 0xC0) == 0x80)
      continue; // a continuation byte: look further back for the lead
    if (c >= 0xC0 && utf8SequenceLength(c) > back)
      held = back;
    break;
  }
  ready.assign(pending_, 0, pending_.size() - held);
  pending_.erase(0, pending_.size() - held);
}

std::string TokenStream::push(int32_t id) {
  std::string ready;
  push(id, ready);
  return ready;
}

std::string TokenStream::finish() {
  std::string rest;
  rest.swap(pending_);
  return rest;
}

void TokenStream::finish(std::string &rest) {
  rest.assign(pending_);
  pending_.clear();
}

// --- From a GGUF file -------------------------------------------------------------

namespace {

rt::Status readId(const gguf::File &file, const char *key, size_t tokens, int32_t &id) {
  const gguf::Value *v = file.find(key);
  if (!v)
    return rt::Status::success();
  std::optional<uint64_t> value = v->toUInt();
  if (!value)
    return rt::Status::error(std::string(key) + " must be a non-negative integer, not " +
                             gguf::valueTypeName(v->type()));
  if (*value >= tokens)
    return rt::Status::error(std::string(key) + " is " + std::to_string(*value) + ", outside the vocabulary of " +
                             std::to_string(tokens) + " tokens");
  id = static_cast<int32_t>(*value);
  return rt::Status::success();
}

rt::Status readBool(const gguf::File &file, const char *key, bool &flag) {
  const gguf::Value *v = file.find(key);
  if (!v)
    return rt::Status::success();
  std::optional<bool> value = v->toBool();
  if (!value)
    return rt::Status::error(std::string(key) + " must be a bool, not " + gguf::valueTypeName(v->type()));
  flag = *value;
  return rt::Status::success();
}

bool isArrayOf(const gguf::Value &v, gguf::ValueType element) {
  return v.isArray() && v.elementType() == element;
}

/// The merges and pre-tokenizer of a "gpt2" vocabulary, and llama.cpp's
/// defaults for one: BOS and EOS 11, no unknown token, no space prefix.
rt::Status readBpe(const gguf::File &file, const VocabularyOptions &options, Vocabulary &vocab) {
  vocab.bpe = true;
  vocab.bos = vocab.eos = 11;
  vocab.unk = kNoToken;
  vocab.addSpacePrefix = false;
  const gguf::Value *merges = file.find("tokenizer.ggml.merges");
  if (!merges || !isArrayOf(*merges, gguf::ValueType::String))
    return rt::Status::error(merges ? "tokenizer.ggml.merges must be an array of strings"
                                    : "a 'gpt2' vocabulary needs tokenizer.ggml.merges");
  vocab.merges.reserve(merges->size());
  for (uint64_t i = 0; i < merges->size(); ++i)
    vocab.merges.emplace_back(merges->stringAt(i));
  const gguf::Value *pre = file.find("tokenizer.ggml.pre");
  std::string name = pre ? std::string(pre->toString().value_or("")) : "";
  if (!preTokenizerNamed(name, vocab.pre)) {
    if (!options.allowDefaultPreTokenizer)
      return rt::Status::error(
          (name.empty() ? std::string("the file names no pre-tokenizer (tokenizer.ggml.pre)")
                        : "tokenizer.ggml.pre '" + name + "' is not one Thymos knows") +
          ": words would be split differently from the model's own tokenizer. Known: " +
          knownPreTokenizerNames() + ". --allow-default-pretokenizer splits with 'default'");
    preTokenizerNamed("default", vocab.pre);
  }
  vocab.addBos = vocab.pre.addBos;
  return rt::Status::success();
}

} // namespace

rt::Status Tokenizer::fromPlan(const rt::Plan &plan, std::unique_ptr<Tokenizer> &out,
                               const VocabularyOptions &options) {
  if (plan.weightFiles().empty())
    return rt::Status::error("the plan maps no GGUF file, so it has no vocabulary: it was not "
                             "made by thymos-gguf import");
  const rt::MappedFile &mapped = plan.weightFile(0);
  std::unique_ptr<gguf::File> file;
  rt::Status s = gguf::File::parse(mapped.data(), mapped.size(), file);
  if (s)
    s = fromGguf(*file, out, options);
  return s ? s : rt::Status::error(plan.weightFilePath(0) + ": " + s.message());
}

rt::Status Tokenizer::fromGguf(const gguf::File &file, std::unique_ptr<Tokenizer> &out,
                               const VocabularyOptions &options) {
  using gguf::ValueType;
  const gguf::Value *model = file.find("tokenizer.ggml.model");
  if (!model)
    return rt::Status::error("the file has no vocabulary (no tokenizer.ggml.model)");
  std::optional<std::string_view> modelName = model->toString();
  if (!modelName)
    return rt::Status::error("tokenizer.ggml.model must be a string");
  if (*modelName != "llama" && *modelName != "gpt2")
    return rt::Status::error("tokenizer.ggml.model is '" + std::string(*modelName) +
                             "': only 'llama' (SentencePiece) and 'gpt2' (byte-level BPE) "
                             "vocabularies are supported");

  Vocabulary vocab;
  if (*modelName == "gpt2") {
    if (rt::Status s = readBpe(file, options, vocab); !s)
      return s;
  }
  const gguf::Value *tokens = file.find("tokenizer.ggml.tokens");
  if (!tokens || !isArrayOf(*tokens, ValueType::String))
    return rt::Status::error(tokens ? "tokenizer.ggml.tokens must be an array of strings"
                                    : "the file has no tokenizer.ggml.tokens");
  vocab.tokens.reserve(tokens->size());
  for (uint64_t i = 0; i < tokens->size(); ++i)
    vocab.tokens.emplace_back(tokens->stringAt(i));

  if (const gguf::Value *scores = file.find("tokenizer.ggml.scores")) {
    if (!isArrayOf(*scores, ValueType::Float32) && !isArrayOf(*scores, ValueType::Int32))
      return rt::Status::error("tokenizer.ggml.scores must be an array of float32 or int32");
    vocab.scores.reserve(scores->size());
    for (uint64_t i = 0; i < scores->size(); ++i)
      vocab.scores.push_back(static_cast<float>(scores->at(i).toFloat().value_or(0)));
    if (vocab.scores.empty() && !vocab.tokens.empty())
      return rt::Status::error("tokenizer.ggml.scores has 0 entries for " + std::to_string(vocab.tokens.size()) +
                               " tokens");
  }
  if (const gguf::Value *types = file.find("tokenizer.ggml.token_type")) {
    if (!isArrayOf(*types, ValueType::Int32))
      return rt::Status::error("tokenizer.ggml.token_type must be an array of int32");
    vocab.types.reserve(types->size());
    for (uint64_t i = 0; i < types->size(); ++i)
      vocab.types.push_back(static_cast<int32_t>(types->at(i).toInt().value_or(0)));
    if (vocab.types.empty() && !vocab.tokens.empty())
      return rt::Status::error("tokenizer.ggml.token_type has 0 entries for " +
                               std::to_string(vocab.tokens.size()) + " tokens");
  }

  // Defaults that lie outside a (small) vocabulary mean "none", as in
  // llama.cpp; an id the file names must lie inside it.
  for (int32_t *id : {&vocab.bos, &vocab.eos, &vocab.unk})
    if (static_cast<size_t>(*id) >= vocab.tokens.size())
      *id = kNoToken;
  if (rt::Status s = readId(file, "tokenizer.ggml.bos_token_id", vocab.tokens.size(), vocab.bos); !s)
    return s;
  if (rt::Status s = readId(file, "tokenizer.ggml.eos_token_id", vocab.tokens.size(), vocab.eos); !s)
    return s;
  if (rt::Status s = readId(file, "tokenizer.ggml.unknown_token_id", vocab.tokens.size(), vocab.unk); !s)
    return s;
  if (rt::Status s = readBool(file, "tokenizer.ggml.add_bos_token", vocab.addBos); !s)
    return s;
  if (rt::Status s = readBool(file, "tokenizer.ggml.add_eos_token", vocab.addEos); !s)
    return s;
  if (rt::Status s = readBool(file, "tokenizer.ggml.add_space_prefix", vocab.addSpacePrefix); !s)
    return s;
  if (const gguf::Value *name = file.find("general.name"))
    vocab.modelName = std::string(name->toString().value_or(""));
  if (const gguf::Value *chat = file.find("tokenizer.chat_template"))
    vocab.chatTemplate = std::string(chat->toString().value_or(""));
  return create(std::move(vocab), out);
}

} // namespace thymos::llm
