//===- Sampler.h - Choosing the next token from a row of logits -----------===//
//
// One fixed chain, llama.cpp's default order for the filters it shares:
//
//   repetition penalty -> top-k -> top-p -> min-p -> temperature -> draw
//
// top-p and min-p judge the penalised distribution at temperature 1; the
// temperature only reshapes what they kept. Temperature 0 is greedy: the
// argmax of the penalised logits, ties to the lowest id, no random number
// used. A draw is an inverse CDF over the kept tokens' softmax, in double,
// with our own generator (SamplerRng.h), so a seed reproduces the same
// tokens on every platform. Exact rules, ties and boundaries: docs/llm.md.
//
//   thymos::llm::SamplerParams params;            // llama.cpp's defaults
//   params.seed = 42;
//   std::unique_ptr<thymos::llm::Sampler> sampler;
//   if (rt::Status s = thymos::llm::Sampler::create(params, vocabSize, sampler); !s) ...
//   for (int32_t id : promptIds) sampler->accept(id);   // the penalty sees the prompt
//   int32_t next;
//   if (rt::Status s = sampler->sample(logits, vocabSize, next); !s) ...
//
// Every buffer is sized at create() for the vocabulary: sampling a token
// allocates nothing (only an error message does).
//
//===----------------------------------------------------------------------===//
#pragma once

#include "runtime/Status.h"
#include "runtime/llm/SamplerRng.h"

#include <cstddef>
#include <cstdint>
#include <memory>
#include <vector>

namespace thymos::llm {

// Spelled after llama.cpp's options; the defaults are llama.cpp's, except
// the seed, which is fixed rather than random so that runs reproduce.
struct SamplerParams {
  float temperature = 0.8f;   // --temp: >= 0; 0 = greedy
  int32_t topK = 40;          // --top-k: >= 0; 0 = off, >= vocabulary = off
  float topP = 0.95f;         // --top-p: in (0, 1]; 1 = off
  float minP = 0.05f;         // --min-p: in [0, 1]; 0 = off
  float repeatPenalty = 1.0f; // --repeat-penalty: > 0; 1 = off
  int32_t repeatLastN = 64;   // --repeat-last-n: in [0, kMaxRepeatLastN]; 0 = off
  uint64_t seed = 0;          // --seed

  static constexpr int32_t kMaxRepeatLastN = 1 << 20;
};

// An error naming the first parameter out of its range, or success.
rt::Status validateSamplerParams(const SamplerParams &params);

// A token still in the running after the filters, with its final
// probability (after temperature, normalised over the kept tokens).
struct SamplerCandidate {
  int32_t id;
  float logit; // after the repetition penalty, before temperature
  double prob;
};

class Sampler {
public:
  // vocabSize in [1, INT32_MAX]; fails on invalid parameters.
  static rt::Status create(const SamplerParams &params, size_t vocabSize,
                           std::unique_ptr<Sampler> &out);

  // Runs the chain on logits[0, count) (count must equal the vocabulary
  // size; every logit finite) and draws a token. The token is then
  // accept()ed, so the repetition penalty sees it next time.
  rt::Status sample(const float *logits, size_t count, int32_t &token);

  // The chain without the draw: afterwards candidates() holds the kept
  // tokens, most probable first (ties: lower id first). sample() is
  // filter() + draw + accept().
  rt::Status filter(const float *logits, size_t count);
  const SamplerCandidate *candidates() const { return candidates_.data(); }
  size_t candidateCount() const { return kept_; }

  // Appends a token to the penalty window (prompt tokens, or a token
  // chosen elsewhere). Fails if id is outside the vocabulary.
  rt::Status accept(int32_t id);

  // Empties the penalty window and restarts the generator from the seed.
  void reset();

  const SamplerParams &params() const { return params_; }
  size_t vocabSize() const { return candidates_.size(); }

private:
  static rt::Status nonFinite(const float *logits, size_t i);
  Sampler(const SamplerParams &params, size_t vocabSize);

  void applyRepeatPenalty();
  void keepGreedy();
  void sortCandidates(size_t n);
  void keepTopK();
  void keepTopP();
  void keepMinP();
  void applyTemperature();
  int32_t draw();

  SamplerParams params_;
  SamplerRng rng_;
  std::vector<SamplerCandidate> candidates_; // (vocab) in id order before filtering
  size_t kept_ = 0;                          // candidates_[0, kept_) are in the running
  bool sorted_ = false;                      // candidates_[0, kept_) in chain order
  std::vector<int32_t> history_;             // (repeatLastN) ring of accepted ids
  size_t historyNext_ = 0;                   // where the next accepted id goes
  size_t historySize_ = 0;                   // min(accepted so far, repeatLastN)
  std::vector<unsigned char> penalised_;     // (vocab) marks, all 0 between calls
};

} // namespace thymos::llm
