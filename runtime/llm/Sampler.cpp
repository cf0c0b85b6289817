//===- Sampler.cpp - Penalty, top-k, top-p, min-p, temperature, draw ------===//
//
// Each stage narrows candidates_[0, kept_). Until the first sort the array
// is in id order (so the penalty can index it by id); after it, in chain
// order: logit descending, ties to the lower id. That comparison is a total
// order, so std::sort and std::partial_sort give one result everywhere.
//
//===----------------------------------------------------------------------===//
#include "runtime/llm/Sampler.h"

#include <algorithm>
#include <cmath>
#include <cstdio>
#include <limits>
#include <string>

namespace thymos::llm {

namespace {

// Larger vocabularies than any model has; keeps the buffers well bounded.
constexpr size_t kMaxVocabSize = size_t(1) << 24;

bool before(const SamplerCandidate &a, const SamplerCandidate &b) {
  if (a.logit != b.logit)
    return a.logit > b.logit;
  return a.id < b.id;
}

std::string str(double v) {
  char buf[32];
  std::snprintf(buf, sizeof buf, "%g", v);
  return buf;
}

rt::Status paramError(const char *name, double value, const char *range) {
  return rt::Status::error(std::string("sampler: ") + name + " is " + str(value) +
                           ", expected " + range);
}

} // namespace

rt::Status validateSamplerParams(const SamplerParams &p) {
  // Written so that NaN fails every range check.
  if (!(p.temperature >= 0.0f && std::isfinite(p.temperature)))
    return paramError("temperature", p.temperature, "a finite value >= 0 (0 = greedy)");
  if (p.topK < 0)
    return paramError("top-k", p.topK, ">= 0 (0 = off)");
  if (!(p.topP > 0.0f && p.topP <= 1.0f))
    return paramError("top-p", p.topP, "a value in (0, 1] (1 = off)");
  if (!(p.minP >= 0.0f && p.minP <= 1.0f))
    return paramError("min-p", p.minP, "a value in [0, 1] (0 = off)");
  if (!(p.repeatPenalty > 0.0f && std::isfinite(p.repeatPenalty)))
    return paramError("repeat-penalty", p.repeatPenalty, "a finite value > 0 (1 = off)");
  if (p.repeatLastN < 0 || p.repeatLastN > SamplerParams::kMaxRepeatLastN)
    return paramError("repeat-last-n", p.repeatLastN,
                      ("a value in [0, " + std::to_string(SamplerParams::kMaxRepeatLastN) +
                       "] (0 = off)").c_str());
  return rt::Status::success();
}

rt::Status Sampler::create(const SamplerParams &params, size_t vocabSize,
                           std::unique_ptr<Sampler> &out) {
  if (rt::Status s = validateSamplerParams(params); !s)
    return s;
  if (vocabSize == 0 || vocabSize > kMaxVocabSize)
    return rt::Status::error("sampler: vocabulary size is " + std::to_string(vocabSize) +
                             ", expected a value in [1, " + std::to_string(kMaxVocabSize) + "]");
  out.reset(new Sampler(params, vocabSize));
  return rt::Status::success();
}

Sampler::Sampler(const SamplerParams &params, size_t vocabSize)
    : params_(params), rng_(params.seed), candidates_(vocabSize),
      history_(size_t(params.repeatLastN)), penalised_(vocabSize, 0) {}

void Sampler::reset() {
  historyNext_ = 0;
  historySize_ = 0;
  rng_.reseed(params_.seed);
}

rt::Status Sampler::accept(int32_t id) {
  if (id < 0 || size_t(id) >= vocabSize())
    return rt::Status::error("sampler: token id " + std::to_string(id) +
                             " is outside the vocabulary of " + std::to_string(vocabSize()));
  if (history_.empty())
    return rt::Status::success();
  history_[historyNext_] = id;
  historyNext_ = (historyNext_ + 1) % history_.size();
  historySize_ = std::min(historySize_ + 1, history_.size());
  return rt::Status::success();
}

rt::Status Sampler::sample(const float *logits, size_t count, int32_t &token) {
  if (rt::Status s = filter(logits, count); !s)
    return s;
  token = params_.temperature == 0.0f ? candidates_[0].id : draw();
  return accept(token);
}

rt::Status Sampler::nonFinite(const float *logits, size_t i) {
  return rt::Status::error("sampler: the logit of token " + std::to_string(i) + " is " +
                           str(logits[i]) + "; logits must be finite");
}

rt::Status Sampler::filter(const float *logits, size_t count) {
  if (count != vocabSize())
    return rt::Status::error("sampler: " + std::to_string(count) +
                             " logits for a vocabulary of " + std::to_string(vocabSize()));
  const bool penalises = params_.repeatPenalty != 1.0f && historySize_ > 0;
  if (params_.temperature == 0.0f && !penalises) {
    // Greedy without penalties, once per generated token: one pass, no copies.
    size_t best = 0;
    for (size_t i = 0; i < count; ++i) {
      if (!std::isfinite(logits[i]))
        return nonFinite(logits, i);
      if (logits[i] > logits[best])
        best = i;
    }
    candidates_[0] = {int32_t(best), logits[best], 1.0};
    kept_ = 1;
    sorted_ = true;
    return rt::Status::success();
  }
  for (size_t i = 0; i < count; ++i) {
    if (!std::isfinite(logits[i]))
      return nonFinite(logits, i);
    candidates_[i] = {int32_t(i), logits[i], 0.0};
  }
  kept_ = count;
  sorted_ = false;

  applyRepeatPenalty();
  if (params_.temperature == 0.0f) {
    keepGreedy();
    return rt::Status::success();
  }
  keepTopK();
  keepTopP();
  keepMinP();
  if (!sorted_)
    sortCandidates(kept_);
  applyTemperature();
  return rt::Status::success();
}

// llama.cpp's rule, once per distinct id in the window however often it
// occurs: a positive logit is divided by the penalty, any other multiplied.
// Results are clamped to the finite floats.
void Sampler::applyRepeatPenalty() {
  const float penalty = params_.repeatPenalty;
  if (penalty == 1.0f || historySize_ == 0)
    return;
  const float lo = std::numeric_limits<float>::lowest();
  const float hi = std::numeric_limits<float>::max();
  for (size_t j = 0; j < historySize_; ++j) {
    const int32_t id = history_[j];
    if (penalised_[id])
      continue;
    penalised_[id] = 1;
    float &logit = candidates_[id].logit; // still in id order here
    logit = logit > 0.0f ? logit / penalty : logit * penalty;
    logit = std::min(std::max(logit, lo), hi);
  }
  for (size_t j = 0; j < historySize_; ++j)
    penalised_[history_[j]] = 0;
}

// Temperature 0: the first maximum wins, i.e. the lowest id among ties.
void Sampler::keepGreedy() {
  size_t best = 0;
  for (size_t i = 1; i < kept_; ++i)
    if (candidates_[i].logit > candidates_[best].logit)
      best = i;
  candidates_[0] = candidates_[best];
  candidates_[0].prob = 1.0;
  kept_ = 1;
  sorted_ = true;
}

void Sampler::sortCandidates(size_t n) {
  std::sort(candidates_.begin(), candidates_.begin() + n, before);
  sorted_ = true;
}

// The k highest logits; among equal logits at the boundary, the lower ids.
void Sampler::keepTopK() {
  const size_t k = size_t(params_.topK);
  if (k == 0 || k >= kept_)
    return;
  std::partial_sort(candidates_.begin(), candidates_.begin() + k,
                    candidates_.begin() + kept_, before);
  kept_ = k;
  sorted_ = true;
}

// The shortest prefix, in chain order, whose probability mass (softmax at
// temperature 1 over the tokens still kept) reaches p.
void Sampler::keepTopP() {
  if (params_.topP >= 1.0f)
    return;
  if (!sorted_)
    sortCandidates(kept_);
  const double maxLogit = candidates_[0].logit;
  double total = 0.0;
  for (size_t i = 0; i < kept_; ++i) {
    candidates_[i].prob = std::exp(double(candidates_[i].logit) - maxLogit);
    total += candidates_[i].prob;
  }
  const double target = double(params_.topP) * total;
  double mass = 0.0;
  for (size_t i = 0; i < kept_; ++i) {
    mass += candidates_[i].prob;
    if (mass >= target) {
      kept_ = i + 1;
      return;
    }
  }
}

// The tokens whose probability is at least min_p times the largest, i.e.
// exp(logit - maxLogit) >= min_p; the most probable token always passes.
void Sampler::keepMinP() {
  if (params_.minP <= 0.0f)
    return;
  float maxLogit = candidates_[0].logit;
  if (!sorted_)
    for (size_t i = 1; i < kept_; ++i)
      maxLogit = std::max(maxLogit, candidates_[i].logit);
  size_t out = 0;
  for (size_t i = 0; i < kept_; ++i)
    if (std::exp(double(candidates_[i].logit) - double(maxLogit)) >= double(params_.minP))
      candidates_[out++] = candidates_[i];
  kept_ = out;
}

// Softmax of logit / T over the kept tokens, in double.
void Sampler::applyTemperature() {
  const double t = params_.temperature; // > 0; dividing keeps a tiny T exact
  const double maxLogit = candidates_[0].logit;
  double total = 0.0;
  for (size_t i = 0; i < kept_; ++i) {
    candidates_[i].prob = std::exp((double(candidates_[i].logit) - maxLogit) / t);
    total += candidates_[i].prob;
  }
  for (size_t i = 0; i < kept_; ++i)
    candidates_[i].prob /= total;
}

// Inverse CDF: the first candidate whose cumulative probability exceeds a
// uniform u in [0, 1). Rounding can leave the last sum just below u; then
// the last candidate is taken.
int32_t Sampler::draw() {
  const double u = rng_.uniform();
  double cumulative = 0.0;
  for (size_t i = 0; i < kept_; ++i) {
    cumulative += candidates_[i].prob;
    if (u < cumulative)
      return candidates_[i].id;
  }
  return candidates_[kept_ - 1].id;
}

} // namespace thymos::llm
