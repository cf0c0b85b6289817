//===- VocabFromHf.cpp - A GGUF vocabulary from a Hugging Face tokenizer ---===//
//
// `thymos-gguf vocab-from-hf tokenizer.json -o vocab.gguf` writes a Hugging
// Face BPE tokenizer as the tokenizer.ggml.* keys llama.cpp reads, beside a
// minimal llama architecture so that llama.cpp loads the file as a
// vocabulary-only model. A byte-level tokenizer becomes a "gpt2" vocabulary
// with its merges; its pre-tokenizer name comes from the split pattern when
// it is one Thymos knows (Llama 3's, Qwen2's; a ByteLevel step with its own
// regex is GPT-2's), else from --pre. A SentencePiece-style one (spaces
// written as U+2581) becomes a "llama" vocabulary with scores instead of
// merges (VocabFromHfSpm.cpp).
//
//===----------------------------------------------------------------------===//

#include "VocabFromHf.h"

#include "JsonReader.h"
#include "VocabFromHfSpm.h"
#include "runtime/gguf/Writer.h"
#include "runtime/io/File.h"
#include "runtime/llm/PreTokenizer.h"

#include <cstdio>
#include <cstring>
#include <fstream>
#include <tuple>
#include <unordered_map>

namespace thymos::tools {

namespace {

// The split patterns of the tokenizers whose pre-tokenizer llama.cpp names.
struct KnownPattern {
  const char *regex;
  const char *pre;
};
constexpr KnownPattern kPatterns[] = {
    {"(?i:'s|'t|'re|'ve|'m|'ll|'d)|[^\\r\\n\\p{L}\\p{N}]?\\p{L}+|\\p{N}{1,3}| ?[^\\s\\p{L}\\p{N}]+"
     "[\\r\\n]*|\\s*[\\r\\n]+|\\s+(?!\\S)|\\s+",
     "llama-bpe"},
    {"(?i:'s|'t|'re|'ve|'m|'ll|'d)|[^\\r\\n\\p{L}\\p{N}]?\\p{L}+|\\p{N}| ?[^\\s\\p{L}\\p{N}]+"
     "[\\r\\n]*|\\s*[\\r\\n]+|\\s+(?!\\S)|\\s+",
     "qwen2"},
};

int fail(const std::string &message) {
  std::fprintf(stderr, "thymos-gguf: error: %s\n", message.c_str());
  return 1;
}

bool readJson(const std::string &path, JsonValue &json, std::string &error) {
  // Tokenizer files are megabytes; a gigabyte is surely not one.
  std::string text;
  if (rt::Status s = rt::io::readWholeFile(path, uint64_t(1) << 30, text); !s) {
    error = s.message();
    return false;
  }
  if (parseJson(text, json, error))
    return true;
  error = path + ": " + error;
  return false;
}

/// The regex of the tokenizer's Split pre-tokenizer, alone or in a Sequence;
/// "gpt-2" stands for a ByteLevel step that splits with GPT-2's own regex.
std::string splitPattern(const JsonValue *pre) {
  if (!pre || !pre->isObject())
    return "";
  const JsonValue *type = pre->find("type");
  if (type && type->text == "Sequence")
    if (const JsonValue *list = pre->find("pretokenizers"); list && list->isArray())
      for (const JsonValue &item : list->items)
        if (std::string found = splitPattern(&item); !found.empty())
          return found;
  if (type && type->text == "Split")
    if (const JsonValue *pattern = pre->find("pattern"))
      if (const JsonValue *regex = pattern->find("Regex"); regex && regex->isString())
        return regex->text;
  if (type && type->text == "ByteLevel") {
    const JsonValue *useRegex = pre->find("use_regex");
    if (!useRegex || useRegex->boolean)
      return "gpt-2";
  }
  return "";
}

/// A special token named in tokenizer_config.json: a string or {"content": ...}.
std::string configToken(const JsonValue &config, const char *key) {
  const JsonValue *v = config.find(key);
  if (!v)
    return "";
  if (v->isString())
    return v->text;
  const JsonValue *content = v->isObject() ? v->find("content") : nullptr;
  return content && content->isString() ? content->text : "";
}

/// The special token a TemplateProcessing step puts first (`front`) or last
/// in a single sequence ("" for none), or null when the post-processor has
/// no such step, alone or in a Sequence.
const JsonValue *templateEnd(const JsonValue *post, bool front) {
  const JsonValue *type = post ? post->find("type") : nullptr;
  if (!type)
    return nullptr;
  if (type->text == "Sequence") {
    if (const JsonValue *list = post->find("processors"); list && list->isArray())
      for (const JsonValue &item : list->items)
        if (const JsonValue *found = templateEnd(&item, front))
          return found;
    return nullptr;
  }
  const JsonValue *single = type->text == "TemplateProcessing" ? post->find("single") : nullptr;
  if (!single || !single->isArray())
    return nullptr;
  static const JsonValue kNone;
  if (single->items.empty())
    return &kNone;
  const JsonValue &end = front ? single->items.front() : single->items.back();
  const JsonValue *special = end.find("SpecialToken");
  const JsonValue *id = special ? special->find("id") : nullptr;
  return id && id->isString() ? id : &kNone;
}

/// Ids from the vocabulary and the added tokens; a gap is a [PADn] token.
/// Added tokens are control tokens when special, else user-defined.
bool placeTokens(const JsonValue &tokenizer, const JsonValue &vocab, HfTokens &out,
                 std::string &error) {
  auto place = [&](const JsonValue &idValue, const std::string &text, int32_t tokenType) {
    long long id = idValue.kind == JsonValue::Kind::Number ? std::atoll(idValue.text.c_str()) : -1;
    if (id < 0 || id > (1 << 24))
      return false;
    for (size_t i = out.tokens.size(); i <= size_t(id); ++i) {
      out.tokens.push_back("[PAD" + std::to_string(i) + "]");
      out.types.push_back(kTokenUnused);
    }
    out.tokens[size_t(id)] = text;
    out.types[size_t(id)] = tokenType;
    return true;
  };
  for (const auto &[text, id] : vocab.members)
    if (!place(id, text, kTokenNormal)) {
      error = "token '" + text + "' has no valid id";
      return false;
    }
  if (const JsonValue *added = tokenizer.find("added_tokens"); added && added->isArray())
    for (const JsonValue &t : added->items) {
      const JsonValue *content = t.find("content"), *id = t.find("id");
      const JsonValue *special = t.find("special");
      bool control = special && special->boolean;
      if (!content || !id || !place(*id, content->text, control ? kTokenControl : kTokenUser)) {
        error = "an added token without a valid id and content";
        return false;
      }
    }
  return true;
}

/// The byte-level path: the pre-tokenizer's name, recognized or given.
bool namePreTokenizer(const JsonValue &tokenizer, const std::string &input, std::string &pre,
                      std::string &error) {
  if (pre.empty()) {
    std::string regex = splitPattern(tokenizer.find("pre_tokenizer"));
    for (const KnownPattern &known : kPatterns)
      if (regex == known.regex)
        pre = known.pre;
    if (regex == "gpt-2")
      pre = regex;
    if (pre.empty()) {
      error = input + ": its split pattern is not one Thymos recognizes; name the "
                      "pre-tokenizer with --pre (one of: " + llm::knownPreTokenizerNames() + ")";
      return false;
    }
  }
  if (llm::PreTokenizerSettings settings; !llm::preTokenizerNamed(pre, settings)) {
    error = "--pre '" + pre + "' is not one of: " + llm::knownPreTokenizerNames();
    return false;
  }
  return true;
}

} // namespace

int vocabFromHf(const std::vector<std::string> &args) {
  std::string input, output, configPath, pre, name;
  for (size_t i = 0; i < args.size(); ++i) {
    const std::string &arg = args[i];
    std::string *target = arg == "-o" ? &output : arg == "--config" ? &configPath
                        : arg == "--pre" ? &pre : arg == "--name" ? &name : nullptr;
    if (target) {
      if (i + 1 == args.size())
        return fail(arg + " needs a value");
      *target = args[++i];
    } else if (arg.size() > 1 && arg[0] == '-') {
      return fail("unknown option '" + arg + "' for vocab-from-hf (see --help)");
    } else if (!input.empty()) {
      return fail("vocab-from-hf takes one tokenizer.json, got '" + input + "' and '" + arg + "'");
    } else {
      input = arg;
    }
  }
  if (input.empty() || output.empty())
    return fail("vocab-from-hf needs a tokenizer.json and -o OUT.gguf (see --help)");

  std::string error;
  JsonValue tokenizer;
  if (!readJson(input, tokenizer, error))
    return fail(error);
  const JsonValue *model = tokenizer.find("model");
  const JsonValue *type = model ? model->find("type") : nullptr;
  if (!type || type->text != "BPE")
    return fail(input + ": model.type is not \"BPE\": only BPE tokenizers convert (byte-level, "
                        "or SentencePiece-style with byte fallback)");
  const JsonValue *vocab = model->find("vocab");
  const JsonValue *merges = model->find("merges");
  if (!vocab || !vocab->isObject() || !merges || !merges->isArray())
    return fail(input + ": model.vocab (an object) and model.merges (an array) are required");

  HfTokens hf;
  if (!placeTokens(tokenizer, *vocab, hf, error))
    return fail(input + ": " + error);
  for (const JsonValue &m : merges->items) {
    size_t space = m.isString() ? m.text.find(' ') : std::string::npos;
    if (space != std::string::npos)
      hf.merges.emplace_back(m.text.substr(0, space), m.text.substr(space + 1));
    else if (m.isArray() && m.items.size() == 2)
      hf.merges.emplace_back(m.items[0].text, m.items[1].text);
    else
      return fail(input + ": a merge is neither \"left right\" nor [left, right]");
  }

  const bool spm = writesSpaceMark(tokenizer);
  SpmVocab sp;
  if (spm && !pre.empty())
    return fail("--pre names a byte-level BPE pre-tokenizer; " + input +
                " is SentencePiece-style, which has none");
  if (spm ? !convertSentencePiece(tokenizer, hf, sp, error)
          : !namePreTokenizer(tokenizer, input, pre, error))
    return fail(spm ? input + ": " + error : error);

  // BOS, EOS and whether to add them, from tokenizer_config.json beside it,
  // else from the post-processor's template.
  if (configPath.empty()) {
    size_t slash = input.rfind('/');
    configPath = (slash == std::string::npos ? "" : input.substr(0, slash + 1)) +
                 "tokenizer_config.json";
    if (!std::ifstream(configPath))
      configPath.clear();
  }
  JsonValue config;
  if (!configPath.empty() && !readJson(configPath, config, error))
    return fail(error);
  std::unordered_map<std::string, int32_t> ids;
  for (size_t i = 0; i < hf.tokens.size(); ++i)
    ids.emplace(hf.tokens[i], int32_t(i));

  gguf::Writer w(3);
  w.add("general.architecture", gguf::encodeString("llama"));
  w.add("general.name", gguf::encodeString(!name.empty() ? name : spm ? "sentencepiece" : pre));
  // A one-block llama: enough for llama.cpp to load the vocabulary alone.
  w.add("llama.block_count", gguf::encodeUInt32(1));
  w.add("llama.context_length", gguf::encodeUInt32(4096));
  w.add("llama.embedding_length", gguf::encodeUInt32(64));
  w.add("llama.feed_forward_length", gguf::encodeUInt32(128));
  w.add("llama.attention.head_count", gguf::encodeUInt32(1));
  w.add("llama.attention.layer_norm_rms_epsilon", gguf::encodeFloat32(1e-5f));
  w.add("llama.vocab_size", gguf::encodeUInt32(uint32_t(hf.tokens.size())));
  w.add("tokenizer.ggml.model", gguf::encodeString(spm ? "llama" : "gpt2"));
  w.add("tokenizer.ggml.pre", gguf::encodeString(spm ? "default" : pre));
  w.add("tokenizer.ggml.tokens", gguf::encodeArray(hf.tokens));
  if (spm)
    w.add("tokenizer.ggml.scores", gguf::encodeArray(sp.scores));
  w.add("tokenizer.ggml.token_type", gguf::encodeArray(hf.types));
  if (!spm) {
    std::vector<std::string> mergeList;
    for (const auto &[left, right] : hf.merges)
      mergeList.push_back(left + " " + right);
    w.add("tokenizer.ggml.merges", gguf::encodeArray(mergeList));
  }
  const JsonValue *post = tokenizer.find("post_processor");
  const JsonValue *first = templateEnd(post, true), *last = templateEnd(post, false);
  const JsonValue *unk = model->find("unk_token");
  struct Special {
    const char *key, *ggufKey;
    std::string text;
  } specials[] = {
      {"bos_token", "tokenizer.ggml.bos_token_id", first ? first->text : ""},
      {"eos_token", "tokenizer.ggml.eos_token_id", last ? last->text : ""},
      {"unk_token", "tokenizer.ggml.unknown_token_id", unk && unk->isString() ? unk->text : ""},
      {"pad_token", "tokenizer.ggml.padding_token_id", ""},
  };
  for (Special &special : specials) {
    const std::string *source = &input;
    if (std::string text = configToken(config, special.key); !text.empty()) {
      special.text = text;
      source = &configPath;
    }
    if (special.text.empty())
      continue;
    auto it = ids.find(special.text);
    if (it == ids.end())
      return fail(*source + ": " + special.key + " '" + special.text +
                  "' is not in the vocabulary");
    w.add(special.ggufKey, gguf::encodeUInt32(uint32_t(it->second)));
  }
  for (auto [key, ggufKey, end] :
       {std::tuple{"add_bos_token", "tokenizer.ggml.add_bos_token", first},
        std::tuple{"add_eos_token", "tokenizer.ggml.add_eos_token", last}}) {
    const JsonValue *v = config.find(key);
    if (v && v->kind == JsonValue::Kind::Bool)
      w.add(ggufKey, gguf::encodeBool(v->boolean));
    else if (end)
      w.add(ggufKey, gguf::encodeBool(!end->text.empty()));
  }
  if (spm)
    w.add("tokenizer.ggml.add_space_prefix", gguf::encodeBool(sp.addSpacePrefix));
  if (const JsonValue *t = config.find("chat_template"); t && t->isString())
    w.add("tokenizer.chat_template", gguf::encodeString(t->text));
  if (rt::Status s = w.writeFile(output); !s)
    return fail(s.message());
  if (spm)
    std::printf("%s: %zu tokens, scores from %zu merges, SentencePiece-style\n", output.c_str(),
                hf.tokens.size(), hf.merges.size());
  else
    std::printf("%s: %zu tokens, %zu merges, pre-tokenizer '%s'\n", output.c_str(),
                hf.tokens.size(), hf.merges.size(), pre.c_str());
  return 0;
}

} // namespace thymos::tools
