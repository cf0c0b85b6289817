//===- GenerateOptions.cpp - thymos-generate's command line -------------------===//
//
// Spelled as llama.cpp's llama-cli spells them where an option exists there.
//
//===----------------------------------------------------------------------===//

#include "GenerateOptions.h"

#include "runtime/llm/ChatTemplate.h"

#include "runtime/MemoryReport.h"
#include "runtime/io/File.h"

#include <cerrno>
#include <cmath>
#include <cstdlib>
#include <sstream>

namespace thymos::generate {

const char *const kUsage = R"(USAGE: thymos-generate (-m MODEL.gguf | --plan MODEL.plan) [-p TEXT | -f FILE] [options]

Generates text with a llama model, on the CPU or a CUDA GPU. -m imports the GGUF model and
compiles it in process (thymos-gguf import + thymosc); --plan runs a plan
compiled from such an import, and reads the vocabulary from the GGUF file the
plan names. The prompt, then the continuation as it is generated, go to
standard output; a summary (tokens, speed, load time, memory) goes to
standard error.

MODEL:
  -m FILE                A llama GGUF model (F32, F16, Q8_0, Q4_0 tensors)
  --plan FILE            A plan compiled from `thymos-gguf import` output
                         (a `thymosc --target=cuda` plan runs on the GPU)
  --device cpu|cuda      Where -m runs (default cpu); cuda compiles the
                         kernels for the GPU found (docs/cuda.md)
  -c N                   Context length (default: the model's, at most 4096,
                         with -m; the plan's with --plan, which -c may lower)
  -b N                   Prompt tokens per prefill run (default 64; 1 = one
                         at a time through @decode)
  -t N                   Threads (default 1; 0 = all cores)
  --cache-type T         With -m: the K/V caches' element type, f32 (default,
                         exact), f16 (half the memory) or q8_0 (about a quarter)
  --mem-report           Print what the run will keep resident, item by item
                         (weights, KV cache, arena, this process), before
                         loading the weights (docs/memory.md)
  --mem-budget SIZE      Refuse to load (exit 1, the itemized table) what does
                         not fit in SIZE (3.5GiB, 512MiB, ...); with -m and no
                         -c, the context is the largest that fits
  --verify-weights       With --plan: check every byte of the weights against the
                         plan's fingerprints at load (default: each file's size,
                         header and sampled windows; docs/security.md)

PROMPT:
  -p TEXT                The prompt
  -f FILE                The prompt, read from a file (as is)
  --prompt-ids "I I .."  Token ids instead of text (no BOS added)
  --no-bos               Do not add BOS to the prompt
  --special              Control tokens written in the prompt ("<|im_start|>",
                         "<s>") are those tokens (default: plain text)
  --chat                 The prompt is a user's turn: format it with the
                         model's chat template (tokenizer.chat_template:
                         ChatML, Llama 3, Llama 2, Gemma or Phi-3), ending
                         where the assistant answers; generation stops at
                         the end of its turn
  -sys TEXT              With --chat: a system turn before the user's
  --chat-template NAME   With --chat: the format, when the file has no
                         template or one Thymos does not recognize: chatml,
                         llama3, llama2, llama2-sys, llama2-sys-bos,
                         llama2-sys-strip, gemma or phi3
  --allow-default-pretokenizer
                         Tokenize a BPE vocabulary whose tokenizer.ggml.pre
                         is missing or unknown with llama.cpp's 'default'
                         split (else an error: the ids would not be the
                         model's own)

SAMPLING (applied in this order; llama.cpp's defaults):
  -n N                   Tokens to generate (default -1: until EOS or the
                         context is full)
  --repeat-penalty X     Penalty for repeated tokens (default 1.0 = off)
  --repeat-last-n N      Tokens the penalty looks back at (default 64)
  --top-k N              Keep the N most likely tokens (default 40; 0 = off)
  --top-p X              Keep the smallest set with probability >= X
                         (default 0.95; 1 = off)
  --min-p X              Drop tokens below X times the best's probability
                         (default 0.05; 0 = off)
  --temp X               Temperature (default 0.8; 0 = greedy)
  --seed N               Random seed (default 0; a seed reproduces a run)
  --ignore-eos           Do not stop at the end-of-sequence token

OUTPUT:
  --json                 Print one JSON object instead: prompt_ids,
                         generated_ids, text, stop, timings, memory
  --logits-out FILE.npy  Save the logits of every evaluated position that
                         produced logits (with -b 1, one row per prompt token
                         and one per generated token) as f32 [rows, vocab]
  --profile              Time every step: print the time per decode and
                         prefill run by op kind and by layer on stderr
  --help                 Print this text
  --version              Print the version
)";

namespace {

bool parseInt(const std::string &arg, const std::string &text, int64_t low, int64_t high,
              int64_t &out, std::string &error) {
  char *end = nullptr;
  errno = 0;
  long long v = std::strtoll(text.c_str(), &end, 10);
  if (text.empty() || *end != '\0' || errno == ERANGE || v < low || v > high) {
    error = arg + " needs a whole number from " + std::to_string(low) + " to " +
            std::to_string(high) + ", got '" + text + "'";
    return false;
  }
  out = v;
  return true;
}

bool parseReal(const std::string &arg, const std::string &text, float &out,
               std::string &error) {
  char *end = nullptr;
  errno = 0;
  float v = std::strtof(text.c_str(), &end);
  if (text.empty() || *end != '\0' || errno == ERANGE || !std::isfinite(v)) {
    error = arg + " needs a number, got '" + text + "'";
    return false;
  }
  out = v;
  return true;
}

/// A prompt file, read as is. 64 MiB is far more text than any context holds
/// tokens; a larger file is an error before anything is read.
bool readFile(const std::string &path, std::string &out, std::string &error) {
  if (rt::Status s = rt::io::readWholeFile(path, uint64_t(64) << 20, out); !s) {
    error = s.message();
    return false;
  }
  return true;
}

bool parseIds(const std::string &text, std::vector<int32_t> &ids, std::string &error) {
  std::istringstream in(text);
  std::string word;
  while (in >> word) {
    int64_t id;
    if (!parseInt("--prompt-ids", word, 0, INT32_MAX, id, error))
      return false;
    ids.push_back(static_cast<int32_t>(id));
  }
  if (ids.empty()) {
    error = "--prompt-ids needs at least one id";
    return false;
  }
  return true;
}

} // namespace

bool parseGenerateOptions(int argc, char **argv, GenerateOptions &o, std::string &error) {
  for (int i = 1; i < argc; ++i) {
    const std::string arg = argv[i];
    std::string value;
    auto takeValue = [&] {
      if (i + 1 >= argc) {
        error = arg + " needs a value";
        return false;
      }
      value = argv[++i];
      return true;
    };
    int64_t n = 0;
    if (arg == "--help" || arg == "-h") {
      o.help = true;
    } else if (arg == "--version") {
      o.version = true;
    } else if (arg == "--json") {
      o.json = true;
    } else if (arg == "--profile") {
      o.profile = true;
    } else if (arg == "--ignore-eos") {
      o.ignoreEos = true;
    } else if (arg == "--verify-weights") {
      o.verifyWeights = true;
    } else if (arg == "--special") {
      o.special = true;
    } else if (arg == "--chat" || arg == "-cnv") {
      o.chat = true;
    } else if (arg == "-sys" || arg == "--system-prompt") {
      if (!takeValue())
        return false;
      o.system = value;
      o.haveSystem = true;
    } else if (arg == "--chat-template") {
      if (!takeValue())
        return false;
      if (llm::ChatFormat format; !llm::chatFormatNamed(value, format)) {
        error = "--chat-template '" + value + "' is not one of: " + llm::chatFormatNames();
        return false;
      }
      o.chatTemplate = value;
    } else if (arg == "--allow-default-pretokenizer") {
      o.allowDefaultPreTokenizer = true;
    } else if (arg == "--mem-report") {
      o.memReport = true;
    } else if (arg == "--cache-type") {
      if (!takeValue())
        return false;
      if (value != "f32" && value != "f16" && value != "q8_0") {
        error = "--cache-type must be f32, f16 or q8_0, not '" + value + "'";
        return false;
      }
      o.cacheType = value;
    } else if (arg == "--mem-budget") {
      if (!takeValue())
        return false;
      if (!rt::parseByteSize(value, o.memBudget, error)) {
        error = "--mem-budget: " + error;
        return false;
      }
    } else if (arg == "--no-bos") {
      o.noBos = true;
    } else if (arg == "--device") {
      if (!takeValue())
        return false;
      if (value != "cpu" && value != "cuda") {
        error = "--device must be cpu or cuda, not '" + value + "'";
        return false;
      }
      o.cuda = value == "cuda";
    } else if (arg == "-m" || arg == "--model" || arg == "--plan") {
      if (!takeValue())
        return false;
      (arg == "--plan" ? o.planPath : o.modelPath) = value;
    } else if (arg == "-p" || arg == "--prompt" || arg == "-f" || arg == "--file") {
      if (!takeValue())
        return false;
      if (o.havePrompt || o.havePromptIds) {
        error = "give the prompt once: -p, -f or --prompt-ids";
        return false;
      }
      o.havePrompt = true;
      if (arg == "-p" || arg == "--prompt")
        o.prompt = value;
      else if (!readFile(value, o.prompt, error))
        return false;
    } else if (arg == "--prompt-ids") {
      if (!takeValue())
        return false;
      if (o.havePrompt || o.havePromptIds) {
        error = "give the prompt once: -p, -f or --prompt-ids";
        return false;
      }
      o.havePromptIds = true;
      if (!parseIds(value, o.promptIds, error))
        return false;
    } else if (arg == "-n" || arg == "--n-predict") {
      if (!takeValue() || !parseInt(arg, value, -1, INT32_MAX, o.maxTokens, error))
        return false;
    } else if (arg == "-c" || arg == "--ctx-size") {
      if (!takeValue() || !parseInt(arg, value, 0, INT32_MAX, o.context, error))
        return false;
    } else if (arg == "-b" || arg == "--batch-size") {
      if (!takeValue() || !parseInt(arg, value, 1, 4096, o.batch, error))
        return false;
    } else if (arg == "-t" || arg == "--threads") {
      if (!takeValue() || !parseInt(arg, value, 0, 256, n, error))
        return false;
      o.threads = static_cast<unsigned>(n);
    } else if (arg == "--top-k") {
      if (!takeValue() || !parseInt(arg, value, 0, INT32_MAX, n, error))
        return false;
      o.sampling.topK = static_cast<int32_t>(n);
    } else if (arg == "--repeat-last-n") {
      if (!takeValue() ||
          !parseInt(arg, value, 0, llm::SamplerParams::kMaxRepeatLastN, n, error))
        return false;
      o.sampling.repeatLastN = static_cast<int32_t>(n);
    } else if (arg == "--seed") {
      if (!takeValue() || !parseInt(arg, value, 0, INT64_MAX, n, error))
        return false;
      o.sampling.seed = static_cast<uint64_t>(n);
    } else if (arg == "--temp" || arg == "--top-p" || arg == "--min-p" ||
               arg == "--repeat-penalty") {
      float x;
      if (!takeValue() || !parseReal(arg, value, x, error))
        return false;
      (arg == "--temp"    ? o.sampling.temperature
       : arg == "--top-p" ? o.sampling.topP
       : arg == "--min-p" ? o.sampling.minP
                          : o.sampling.repeatPenalty) = x;
    } else if (arg == "--logits-out") {
      if (!takeValue())
        return false;
      o.logitsOut = value;
    } else {
      error = "unknown argument '" + arg + "' (see --help)";
      return false;
    }
  }
  if (o.help || o.version)
    return true;
  if (o.modelPath.empty() == o.planPath.empty()) {
    error = "give the model with -m FILE.gguf or --plan FILE.plan, one of them (see --help)";
    return false;
  }
  if (o.cacheType != "f32" && !o.planPath.empty()) {
    error = "--cache-type chooses the caches of a -m model; a plan's were chosen when it was "
            "imported (thymos-gguf import --cache-type)";
    return false;
  }
  if (o.verifyWeights && o.planPath.empty()) {
    error = "--verify-weights checks a --plan's weights; -m compiles a plan from the file it "
            "has just read";
    return false;
  }
  if (!o.havePrompt && !o.havePromptIds) {
    error = "no prompt: give -p TEXT, -f FILE or --prompt-ids (see --help)";
    return false;
  }
  if (!o.chat && (o.haveSystem || !o.chatTemplate.empty())) {
    error = std::string(o.haveSystem ? "-sys" : "--chat-template") + " needs --chat";
    return false;
  }
  if (o.chat && o.havePromptIds) {
    error = "--chat formats a text prompt: give -p or -f, not --prompt-ids";
    return false;
  }
  if (rt::Status s = llm::validateSamplerParams(o.sampling); !s) {
    error = s.message();
    return false;
  }
  return true;
}

} // namespace thymos::generate
