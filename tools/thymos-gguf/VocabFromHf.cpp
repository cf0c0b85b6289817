//===- VocabFromHf.cpp - A GGUF vocabulary from a Hugging Face tokenizer ---===//
//
// `thymos-gguf vocab-from-hf tokenizer.json -o vocab.gguf` writes what
// llama.cpp's converter would put in a model's tokenizer.ggml.* keys for a
// byte-level BPE tokenizer, beside a minimal llama architecture so that
// llama.cpp loads the file as a vocabulary-only model. The pre-tokenizer
// name comes from the tokenizer's split pattern when it is one Thymos knows
// (Llama 3's, Qwen2's; a ByteLevel step with its own regex is GPT-2's),
// else from --pre.
//
//===----------------------------------------------------------------------===//

#include "VocabFromHf.h"

#include "JsonReader.h"
#include "runtime/gguf/Writer.h"
#include "runtime/io/File.h"
#include "runtime/llm/PreTokenizer.h"

#include <cstdio>
#include <cstring>
#include <fstream>
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
    return fail(input + ": model.type is not \"BPE\": only byte-level BPE tokenizers convert");
  const JsonValue *vocab = model->find("vocab");
  const JsonValue *merges = model->find("merges");
  if (!vocab || !vocab->isObject() || !merges || !merges->isArray())
    return fail(input + ": model.vocab (an object) and model.merges (an array) are required");

  // Ids from the vocabulary and the added tokens; a gap is a [PADn] token.
  std::vector<std::string> tokens;
  std::vector<int32_t> types;
  auto place = [&](const JsonValue &idValue, const std::string &text, int32_t tokenType) {
    long long id = idValue.kind == JsonValue::Kind::Number ? std::atoll(idValue.text.c_str()) : -1;
    if (id < 0 || id > (1 << 24))
      return false;
    if (size_t(id) >= tokens.size()) {
      for (size_t i = tokens.size(); i <= size_t(id); ++i) {
        tokens.push_back("[PAD" + std::to_string(i) + "]");
        types.push_back(5); // unused
      }
    }
    tokens[size_t(id)] = text;
    types[size_t(id)] = tokenType;
    return true;
  };
  for (const auto &[text, id] : vocab->members)
    if (!place(id, text, 1))
      return fail(input + ": token '" + text + "' has no valid id");
  if (const JsonValue *added = tokenizer.find("added_tokens"); added && added->isArray())
    for (const JsonValue &t : added->items) {
      const JsonValue *content = t.find("content"), *id = t.find("id");
      const JsonValue *special = t.find("special");
      if (!content || !id || !place(*id, content->text, special && special->boolean ? 3 : 4))
        return fail(input + ": an added token without a valid id and content");
    }
  std::vector<std::string> mergeList;
  for (const JsonValue &m : merges->items) {
    if (m.isString())
      mergeList.push_back(m.text);
    else if (m.isArray() && m.items.size() == 2)
      mergeList.push_back(m.items[0].text + " " + m.items[1].text);
    else
      return fail(input + ": a merge is neither \"left right\" nor [left, right]");
  }

  if (pre.empty()) {
    std::string regex = splitPattern(tokenizer.find("pre_tokenizer"));
    for (const KnownPattern &known : kPatterns)
      if (regex == known.regex)
        pre = known.pre;
    if (regex == "gpt-2")
      pre = regex;
    if (pre.empty())
      return fail(input + ": its split pattern is not one Thymos recognizes; name the "
                          "pre-tokenizer with --pre (one of: " +
                  llm::knownPreTokenizerNames() + ")");
  }
  if (llm::PreTokenizerSettings settings; !llm::preTokenizerNamed(pre, settings))
    return fail("--pre '" + pre + "' is not one of: " + llm::knownPreTokenizerNames());

  // BOS, EOS and whether to add them, from tokenizer_config.json beside it.
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
  for (size_t i = 0; i < tokens.size(); ++i)
    ids.emplace(tokens[i], int32_t(i));

  gguf::Writer w(3);
  w.add("general.architecture", gguf::encodeString("llama"));
  w.add("general.name", gguf::encodeString(name.empty() ? pre : name));
  // A one-block llama: enough for llama.cpp to load the vocabulary alone.
  w.add("llama.block_count", gguf::encodeUInt32(1));
  w.add("llama.context_length", gguf::encodeUInt32(4096));
  w.add("llama.embedding_length", gguf::encodeUInt32(64));
  w.add("llama.feed_forward_length", gguf::encodeUInt32(128));
  w.add("llama.attention.head_count", gguf::encodeUInt32(1));
  w.add("llama.attention.layer_norm_rms_epsilon", gguf::encodeFloat32(1e-5f));
  w.add("llama.vocab_size", gguf::encodeUInt32(uint32_t(tokens.size())));
  w.add("tokenizer.ggml.model", gguf::encodeString("gpt2"));
  w.add("tokenizer.ggml.pre", gguf::encodeString(pre));
  w.add("tokenizer.ggml.tokens", gguf::encodeArray(tokens));
  w.add("tokenizer.ggml.token_type", gguf::encodeArray(types));
  w.add("tokenizer.ggml.merges", gguf::encodeArray(mergeList));
  for (auto [key, ggufKey] : {std::pair{"bos_token", "tokenizer.ggml.bos_token_id"},
                              std::pair{"eos_token", "tokenizer.ggml.eos_token_id"}}) {
    std::string text = configToken(config, key);
    if (text.empty())
      continue;
    auto it = ids.find(text);
    if (it == ids.end())
      return fail(configPath + ": " + key + " '" + text + "' is not in the vocabulary");
    w.add(ggufKey, gguf::encodeUInt32(uint32_t(it->second)));
  }
  for (auto [key, ggufKey] : {std::pair{"add_bos_token", "tokenizer.ggml.add_bos_token"},
                              std::pair{"add_eos_token", "tokenizer.ggml.add_eos_token"}})
    if (const JsonValue *v = config.find(key); v && v->kind == JsonValue::Kind::Bool)
      w.add(ggufKey, gguf::encodeBool(v->boolean));
  if (const JsonValue *t = config.find("chat_template"); t && t->isString())
    w.add("tokenizer.chat_template", gguf::encodeString(t->text));
  if (rt::Status s = w.writeFile(output); !s)
    return fail(s.message());
  std::printf("%s: %zu tokens, %zu merges, pre-tokenizer '%s'\n", output.c_str(), tokens.size(),
              mergeList.size(), pre.c_str());
  return 0;
}

} // namespace thymos::tools
