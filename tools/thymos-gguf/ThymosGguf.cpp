//===- ThymosGguf.cpp - Inspect GGUF files and write synthetic ones ----------===//
//
//   thymos-gguf inspect model.gguf [--json]
//   thymos-gguf synth-llama --dim 64 --layers 2 ... -o m.gguf
//   thymos-gguf tokenize model.gguf -p "Hello world"
//   thymos-gguf import model.gguf -o model.thy
//   thymos-gguf quantize model-f32.gguf model-q4_k_m.gguf Q4_K_M
//
// Links the runtime only; the command line is parsed by hand, like
// thymos-run's. Every problem is one line on stderr and exit status 1.
//
//===----------------------------------------------------------------------===//

#include "Import.h"
#include "Inspect.h"
#include "Quantize.h"
#include "SynthLlama.h"
#include "TensorRows.h"
#include "VocabFromHf.h"

#include "runtime/llm/Tokenizer.h"

#include "thymos/Version.h"

#include <cerrno>
#include <cstdio>
#include <cstdlib>
#include <cstring>
#include <fstream>
#include <sstream>
#include <string>
#include <vector>

using namespace thymos;
using namespace thymos::gguf_tool;

namespace {

const char *const kUsage = R"(USAGE: thymos-gguf COMMAND [options]

Reads and writes GGUF model files (versions 2 and 3). Every file is checked
in full before anything is printed: a malformed one is an error that names
the byte offset of the problem.

COMMANDS:
  inspect FILE           Print the version, alignment, data offset, metadata
                         and tensor table (name, type, shape, offset, bytes)
    --json               Print JSON instead, one entry per line
    --array-items N      Items shown per array (default 6; 0 = all)

  synth-llama -o FILE    Write a llama model with seeded random weights and a
                         byte-fallback vocabulary, as GGUF version 3
    --dim D              Embedding width (llama.embedding_length)
    --layers L           Transformer blocks
    --heads H            Attention heads (D must be a multiple, D/H even)
    --kv-heads K         Key/value heads (H must be a multiple)
    --ffn F              Feed-forward width
    --vocab V            Vocabulary size (at least 259)
    --type T             Matrix type: f32, f16, bf16, q8_0, q4_0 (D and F
                         multiples of 32), q4_k, q5_k or q6_k (of 256); or
                         a mix as llama.cpp's quantizer makes it: q4_k_m,
                         q4_k_s, q5_k_m, q5_k_s (rows a type does not fit
                         fall back to q8_0); norms stay f32
    --seed S             Random seed (the same options give the same file)
    --context N          llama.context_length (default 2048)
    --tied               No output.weight: the token embedding is also the
                         output matrix (tied embeddings)
    --llama3-rope        Llama 3.1's rope: base 500000 and rope_freqs.weight
                         (the factors of its "llama3" scaling)
    --arch A             llama (default); qwen2: qwen2.* keys, biases on
                         q, k and v, rope base 1e6 (llama.cpp rotates its
                         heads' halves, NEOX mode); phi3: phi3.* keys,
                         attn_qkv and a fused gate/up ffn_up, NEOX rope

  tokenize FILE          Print the token ids of a text, space-separated on one
                         line, as llama.cpp tokenizes it (SentencePiece,
                         tokenizer.ggml.model = llama, and byte-level BPE,
                         gpt2, split as tokenizer.ggml.pre names); the file
                         may hold only a vocabulary
    -p TEXT              The text
    -f TEXTFILE          The text, read from a file (as is, newlines included)
    --no-bos             Do not add BOS even if the vocabulary asks for it
    --special            Control tokens written in the text ("<|im_start|>",
                         "<s>") are those tokens (default: plain text)
    --allow-default-pretokenizer
                         Split with llama.cpp's 'default' rules when
                         tokenizer.ggml.pre is missing or unknown (else an
                         error: the ids would not be the model's own)

  vocab-from-hf TOKENIZER.json -o OUT.gguf
                         Write the vocabulary of a Hugging Face BPE tokenizer
                         as a GGUF file llama.cpp and Thymos load alone
                         (tokenizer.ggml.*, beside a minimal llama
                         architecture): byte-level as a "gpt2" vocabulary
                         with merges, SentencePiece-style (spaces as U+2581,
                         byte fallback: Gemma) as a "llama" one with scores
                         that keep the merge order; BOS, EOS and the chat
                         template come from tokenizer_config.json beside it
    --config FILE        Another tokenizer_config.json
    --pre NAME           The pre-tokenizer of a byte-level one (default:
                         recognized from the tokenizer's split pattern:
                         llama-bpe, qwen2, gpt-2)
    --name NAME          general.name (default: the pre-tokenizer's, or
                         "sentencepiece")

  quantize IN OUT SCHEME Convert every matrix of a model to the type SCHEME
                         gives it, as llama.cpp's quantizer does; metadata
                         is copied. One line per tensor with its relative
                         RMS error. Sources: F32, F16, BF16, Q8_0, Q4_0,
                         Q4_K, Q5_K, Q6_K. SCHEME (any case):
@SCHEMES@    --threads N          Threads (default: all cores)
    --quiet              Only the summary line

  quant-error REF OTHER  For each matrix of OTHER, its relative RMS
                         difference from the same tensor of REF: compares
                         quantized files against the model they came from

  import FILE -o OUT     Write a llama model (general.architecture = llama;
                         F32, F16, Q8_0 and Q4_0 tensors) as a .thy module:
                         graphs @decode (one token) and @prefill (a chunk),
                         K/V caches as state, weights as gguf_tensor
                         references named relative to OUT (- for stdout)
    -c N                 Context length: rows of the K/V caches (default:
                         llama.context_length)
    --prefill N          Tokens per @prefill chunk (default 64; 0: no
                         @prefill graph)
    --cache-type T       The K/V caches' element type: f32 (default,
                         exact), f16 (half the memory) or q8_0 (about a
                         quarter; head dimension a multiple of 32)

OPTIONS:
  --help                 Print this text
  --version              Print the version
)";

int fail(const std::string &message) {
  std::fprintf(stderr, "thymos-gguf: error: %s\n", message.c_str());
  return 1;
}

bool parseCount(const std::string &flag, const char *text, uint64_t &out, std::string &error) {
  char *end = nullptr;
  errno = 0;
  unsigned long long v = std::strtoull(text, &end, 10);
  if (!*text || *end || errno || text[0] == '-' || text[0] == '+' || text[0] == ' ') {
    error = flag + " expects a non-negative integer, got '" + text + "'";
    return false;
  }
  out = v;
  return true;
}

int inspect(const std::vector<std::string> &args) {
  InspectOptions options;
  std::string path;
  for (size_t i = 0; i < args.size(); ++i) {
    const std::string &arg = args[i];
    std::string error;
    if (arg == "--json") {
      options.json = true;
    } else if (arg == "--array-items") {
      if (i + 1 == args.size())
        return fail("--array-items needs a value");
      if (!parseCount(arg, args[++i].c_str(), options.arrayItems, error))
        return fail(error);
    } else if (arg.size() > 1 && arg[0] == '-') {
      return fail("unknown option '" + arg + "' for inspect (see --help)");
    } else if (!path.empty()) {
      return fail("inspect takes one file, got '" + path + "' and '" + arg + "'");
    } else {
      path = arg;
    }
  }
  if (path.empty())
    return fail("inspect: no file given (see --help)");
  std::unique_ptr<gguf::File> file;
  if (rt::Status s = gguf::File::open(path, file); !s)
    return fail(s.message());
  if (options.json)
    printJson(stdout, path, *file, options);
  else
    printText(stdout, path, *file, options);
  return std::fflush(stdout) == 0 ? 0 : fail("cannot write the output");
}

int synthLlama(const std::vector<std::string> &args) {
  SynthLlamaOptions o;
  struct Flag {
    const char *name;
    uint64_t *value;
    bool seen;
  } flags[] = {{"--dim", &o.dim, false},         {"--layers", &o.layers, false},
               {"--heads", &o.heads, false},     {"--kv-heads", &o.kvHeads, false},
               {"--ffn", &o.ffn, false},         {"--vocab", &o.vocab, false},
               {"--seed", &o.seed, false},       {"--context", &o.context, true}};
  bool typeSeen = false;
  for (size_t i = 0; i < args.size(); ++i) {
    const std::string &arg = args[i];
    if (arg == "--tied") {
      o.tied = true;
      continue;
    }
    if (arg == "--llama3-rope") {
      o.llama3Rope = true;
      continue;
    }
    if (i + 1 == args.size())
      return fail(arg.size() > 1 && arg[0] == '-' ? arg + " needs a value"
                                                  : "unexpected argument '" + arg + "'");
    const std::string &value = args[++i];
    if (arg == "-o") {
      o.output = value;
      continue;
    }
    if (arg == "--arch") {
      o.arch = value;
      continue;
    }
    if (arg == "--type") {
      // A type's name is every matrix that type; other scheme names are mixes.
      const gguf::GgmlTypeInfo *t = gguf::ggmlTypeByName(value);
      if (t && convertible(t->type)) {
        o.type = t->type;
      } else if (!t && findQuantScheme(value)) {
        o.mix = findQuantScheme(value);
      } else {
        return fail("--type must be f32, f16, bf16, q8_0, q4_0, q4_k, q5_k, q6_k or a mix "
                    "(q4_k_s, q4_k_m, q5_k_s, q5_k_m), got '" + value + "'");
      }
      typeSeen = true;
      continue;
    }
    Flag *flag = nullptr;
    for (Flag &f : flags)
      if (arg == f.name)
        flag = &f;
    if (!flag)
      return fail("unknown option '" + arg + "' for synth-llama (see --help)");
    std::string error;
    if (!parseCount(arg, value.c_str(), *flag->value, error))
      return fail(error);
    flag->seen = true;
  }
  for (const Flag &f : flags)
    if (!f.seen)
      return fail(std::string("synth-llama needs ") + f.name + " (see --help)");
  if (!typeSeen)
    return fail("synth-llama needs --type (see --help)");
  if (rt::Status s = writeSynthLlama(o); !s)
    return fail(s.message());
  return 0;
}

int tokenize(const std::vector<std::string> &args) {
  std::string path, text;
  bool haveText = false, addBos = true, special = false;
  llm::VocabularyOptions vocabOptions;
  for (size_t i = 0; i < args.size(); ++i) {
    const std::string &arg = args[i];
    if (arg == "--no-bos") {
      addBos = false;
    } else if (arg == "--allow-default-pretokenizer") {
      vocabOptions.allowDefaultPreTokenizer = true;
    } else if (arg == "--special") {
      special = true;
    } else if (arg == "-p" || arg == "-f") {
      if (i + 1 == args.size())
        return fail(arg + " needs a value");
      if (haveText)
        return fail("tokenize takes one text: give -p or -f once");
      haveText = true;
      const std::string &value = args[++i];
      if (arg == "-p") {
        text = value;
        continue;
      }
      std::ifstream in(value, std::ios::binary);
      if (!in)
        return fail("cannot open '" + value + "': " + std::strerror(errno));
      std::ostringstream content;
      content << in.rdbuf();
      if (in.bad())
        return fail("cannot read '" + value + "'");
      text = content.str();
    } else if (arg.size() > 1 && arg[0] == '-') {
      return fail("unknown option '" + arg + "' for tokenize (see --help)");
    } else if (!path.empty()) {
      return fail("tokenize takes one file, got '" + path + "' and '" + arg + "'");
    } else {
      path = arg;
    }
  }
  if (path.empty())
    return fail("tokenize: no file given (see --help)");
  if (!haveText)
    return fail("tokenize needs -p TEXT or -f TEXTFILE (see --help)");
  std::unique_ptr<gguf::File> file;
  if (rt::Status s = gguf::File::open(path, file); !s)
    return fail(s.message());
  std::unique_ptr<llm::Tokenizer> tokenizer;
  if (rt::Status s = llm::Tokenizer::fromGguf(*file, tokenizer, vocabOptions); !s)
    return fail(path + ": " + s.message());
  std::string line;
  for (int32_t id : tokenizer->tokenize(text, addBos, special))
    line += (line.empty() ? "" : " ") + std::to_string(id);
  std::printf("%s\n", line.c_str());
  return std::fflush(stdout) == 0 ? 0 : fail("cannot write the output");
}

} // namespace

int main(int argc, char **argv) {
  std::vector<std::string> args(argv + 1, argv + argc);
  for (const std::string &arg : args) {
    if (arg == "--help" || arg == "-h") {
      std::string usage = kUsage;
      usage.replace(usage.find("@SCHEMES@"), 9, quantSchemeTable());
      std::fputs(usage.c_str(), stdout);
      return 0;
    }
    if (arg == "--version") {
      std::printf("thymos-gguf (Thymos) %s\n", THYMOS_VERSION_STRING);
      return 0;
    }
  }
  if (args.empty())
    return fail("no command given (see --help)");
  std::string command = args[0];
  args.erase(args.begin());
  if (command == "inspect")
    return inspect(args);
  if (command == "synth-llama")
    return synthLlama(args);
  if (command == "tokenize")
    return tokenize(args);
  if (command == "vocab-from-hf")
    return tools::vocabFromHf(args);
  if (command == "import")
    return importCommand(args);
  if (command == "quantize")
    return quantizeCommand(args);
  if (command == "quant-error")
    return quantErrorCommand(args);
  return fail("unknown command '" + command + "' (see --help)");
}
