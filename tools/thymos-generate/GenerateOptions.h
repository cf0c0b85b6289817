//===- GenerateOptions.h - thymos-generate's command line ---------------------===//
#pragma once

#include "runtime/llm/Sampler.h"

#include <cstdint>
#include <string>
#include <vector>

namespace thymos::generate {

struct GenerateOptions {
  std::string modelPath;   // -m: a GGUF model, imported and compiled in process
  std::string planPath;    // --plan: a plan made from `thymos-gguf import`
  std::string prompt;      // -p, or the contents of -f
  bool havePrompt = false;
  std::vector<int32_t> promptIds; // --prompt-ids: ids instead of text (no BOS added)
  bool havePromptIds = false;
  int64_t maxTokens = -1;  // -n: -1 = until EOS or the context's end
  int64_t context = 0;     // -c: 0 = the model's (capped), or the plan's
  int64_t batch = 64;      // -b: prefill chunk
  unsigned threads = 1;    // -t: 0 = all cores
  bool cuda = false;       // --device cuda: compile -m models for the CUDA target
  bool verifyWeights = false; // --verify-weights: hash every weight of a --plan at load
  bool allowDefaultPreTokenizer = false; // --allow-default-pretokenizer
  bool special = false; // --special: control tokens in the prompt are parsed
  bool chat = false;           // --chat: the prompt is a user turn in the model's template
  std::string system;          // -sys: a system turn before it
  bool haveSystem = false;
  std::string chatTemplate;    // --chat-template NAME: instead of the detected format
  uint64_t memBudget = 0;  // --mem-budget: 0 = none
  std::string cacheType = "f32"; // --cache-type: the K/V caches of a -m model
  bool memReport = false;  // --mem-report: the itemized table on stderr before loading
  llm::SamplerParams sampling;
  bool ignoreEos = false;
  bool noBos = false;
  bool json = false;
  bool quiet = false;       // --no-display-prompt style: only the continuation
  std::string logitsOut;    // --logits-out FILE.npy
  bool profile = false;     // --profile: time per op kind and layer on stderr
  bool help = false, version = false;
};

extern const char *const kUsage;

/// False with `error` on a bad command line.
bool parseGenerateOptions(int argc, char **argv, GenerateOptions &options, std::string &error);

} // namespace thymos::generate
