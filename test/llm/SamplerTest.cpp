// The sampler (runtime/llm/Sampler.h) against closed forms and hand-made
// distributions: the softmax, exactly which ids each filter keeps, the
// repetition penalty, greedy = argmax, seeds, every validation error, and
// draw frequencies within binomial bounds.

#include "runtime/llm/Sampler.h"

#include <catch2/catch.hpp>

#include <algorithm>
#include <atomic>
#include <cmath>
#include <cstdlib>
#include <limits>
#include <new>
#include <vector>

// Counts every allocation of this test program, to show that sampling a
// token makes none. Every plain form of new and delete is replaced together
// (nothrow and array ones too), so that no block is allocated by one
// allocator and freed by another: AddressSanitizer reports that mismatch.
// The aligned forms stay the library's, new and delete alike.
namespace {
std::atomic<size_t> allocations{0};

void *countedAllocate(size_t size) noexcept {
  ++allocations;
  return std::malloc(size ? size : 1);
}
} // namespace

void *operator new(size_t size) {
  if (void *p = countedAllocate(size))
    return p;
  throw std::bad_alloc();
}
void *operator new[](size_t size) {
  if (void *p = countedAllocate(size))
    return p;
  throw std::bad_alloc();
}
void *operator new(size_t size, const std::nothrow_t &) noexcept { return countedAllocate(size); }
void *operator new[](size_t size, const std::nothrow_t &) noexcept {
  return countedAllocate(size);
}
void operator delete(void *p) noexcept { std::free(p); }
void operator delete[](void *p) noexcept { std::free(p); }
void operator delete(void *p, size_t) noexcept { std::free(p); }
void operator delete[](void *p, size_t) noexcept { std::free(p); }
void operator delete(void *p, const std::nothrow_t &) noexcept { std::free(p); }
void operator delete[](void *p, const std::nothrow_t &) noexcept { std::free(p); }

using namespace thymos;
using namespace thymos::llm;
using Catch::Matchers::Contains;

namespace {

// Every filter off, temperature 1: plain softmax sampling.
SamplerParams plain(uint64_t seed = 0) {
  SamplerParams p;
  p.temperature = 1.0f;
  p.topK = 0;
  p.topP = 1.0f;
  p.minP = 0.0f;
  p.repeatPenalty = 1.0f;
  p.seed = seed;
  return p;
}

std::unique_ptr<Sampler> make(const SamplerParams &params, size_t vocab) {
  std::unique_ptr<Sampler> s;
  rt::Status st = Sampler::create(params, vocab, s);
  INFO(st.message());
  REQUIRE(st.ok());
  return s;
}

// The ids filter() keeps, in chain order.
std::vector<int32_t> keptIds(Sampler &s, const std::vector<float> &logits) {
  rt::Status st = s.filter(logits.data(), logits.size());
  INFO(st.message());
  REQUIRE(st.ok());
  std::vector<int32_t> ids;
  for (size_t i = 0; i < s.candidateCount(); ++i)
    ids.push_back(s.candidates()[i].id);
  return ids;
}

double probOf(const Sampler &s, int32_t id) {
  for (size_t i = 0; i < s.candidateCount(); ++i)
    if (s.candidates()[i].id == id)
      return s.candidates()[i].prob;
  return 0.0;
}

std::vector<float> logLogits(const std::vector<double> &weights) {
  std::vector<float> logits;
  for (double w : weights)
    logits.push_back(float(std::log(w)));
  return logits;
}

std::string createError(const SamplerParams &params, size_t vocab = 4) {
  std::unique_ptr<Sampler> s;
  rt::Status st = Sampler::create(params, vocab, s);
  REQUIRE_FALSE(st.ok());
  return st.message();
}

} // namespace

TEST_CASE("the generator reproduces splitmix64 and xoshiro256** reference values", "[sampler]") {
  // Reference values from an independent implementation of both algorithms.
  uint64_t x = 0;
  CHECK(SamplerRng::splitMix64(x) == 0xe220a8397b1dcdafull);
  CHECK(SamplerRng::splitMix64(x) == 0x6e789e6aa1b965f4ull);
  CHECK(SamplerRng::splitMix64(x) == 0x06c45d188009454full);
  SamplerRng zero(0);
  CHECK(zero.next() == 0x99ec5f36cb75f2b4ull);
  CHECK(zero.next() == 0xbf6e1f784956452aull);
  CHECK(zero.next() == 0x1a5f849d4933e6e0ull);
  SamplerRng answer(42);
  CHECK(answer.next() == 0x15780b2e0c2ec716ull);
  CHECK(answer.next() == 0x6104d9866d113a7eull);
  answer.reseed(42);
  CHECK(answer.next() == 0x15780b2e0c2ec716ull);
  for (int i = 0; i < 1000; ++i) {
    double u = zero.uniform();
    REQUIRE(u >= 0.0);
    REQUIRE(u < 1.0);
  }
}

TEST_CASE("probabilities are the softmax of logit / temperature", "[sampler]") {
  auto s = make(plain(), 4);
  // Logits ln(1..4): probabilities (1, 2, 3, 4) / 10, most probable first.
  CHECK(keptIds(*s, logLogits({1, 2, 3, 4})) == std::vector<int32_t>{3, 2, 1, 0});
  for (int32_t id = 0; id < 4; ++id)
    CHECK(probOf(*s, id) == Approx((id + 1) / 10.0).epsilon(1e-6));

  // T = 2 on logits (0, ln 4): weights (1, 2), so 1/3 and 2/3.
  SamplerParams hot = plain();
  hot.temperature = 2.0f;
  auto h = make(hot, 2);
  keptIds(*h, {0.0f, float(std::log(4.0))});
  CHECK(probOf(*h, 0) == Approx(1.0 / 3).epsilon(1e-6));
  CHECK(probOf(*h, 1) == Approx(2.0 / 3).epsilon(1e-6));

  // T = 0.5 on logits (0, ln 2): weights (1, 4), so 0.2 and 0.8.
  SamplerParams cold = plain();
  cold.temperature = 0.5f;
  auto c = make(cold, 2);
  keptIds(*c, {0.0f, float(std::log(2.0))});
  CHECK(probOf(*c, 0) == Approx(0.2).epsilon(1e-6));
  CHECK(probOf(*c, 1) == Approx(0.8).epsilon(1e-6));

  // Equal logits: exactly uniform, ties in id order.
  CHECK(keptIds(*s, {7, 7, 7, 7}) == std::vector<int32_t>{0, 1, 2, 3});
  CHECK(probOf(*s, 2) == 0.25);

  // A tiny temperature concentrates everything on the maximum, no NaN.
  SamplerParams tiny = plain();
  tiny.temperature = 1e-30f;
  auto t = make(tiny, 3);
  keptIds(*t, {1.0f, 3.0f, 2.0f});
  CHECK(probOf(*t, 1) == 1.0);
  CHECK(probOf(*t, 0) == 0.0);
}

TEST_CASE("top-k keeps the k highest logits, ties to the lower id", "[sampler]") {
  const std::vector<float> logits = {1, 5, 3, 5, 2};
  SamplerParams p = plain();
  p.topK = 2;
  CHECK(keptIds(*make(p, 5), logits) == std::vector<int32_t>{1, 3});
  p.topK = 1; // 1 and 3 tie at 5: the lower id stays
  CHECK(keptIds(*make(p, 5), logits) == std::vector<int32_t>{1});
  p.topK = 3;
  auto s = make(p, 5);
  CHECK(keptIds(*s, logits) == std::vector<int32_t>{1, 3, 2});
  // Renormalised over the kept three: e^5, e^5, e^3.
  double z = 2 * std::exp(5.0) + std::exp(3.0);
  CHECK(probOf(*s, 2) == Approx(std::exp(3.0) / z).epsilon(1e-6));
  p.topK = 5; // k >= vocabulary: off
  CHECK(keptIds(*make(p, 5), logits).size() == 5);
  p.topK = 100;
  CHECK(keptIds(*make(p, 5), logits).size() == 5);
}

TEST_CASE("top-p keeps the shortest prefix whose mass reaches p", "[sampler]") {
  const std::vector<float> logits = logLogits({0.1, 0.2, 0.3, 0.4});
  SamplerParams p = plain();
  p.topP = 0.39f; // 0.4 alone reaches it
  CHECK(keptIds(*make(p, 4), logits) == std::vector<int32_t>{3});
  p.topP = 0.41f;
  CHECK(keptIds(*make(p, 4), logits) == std::vector<int32_t>{3, 2});
  p.topP = 0.69f;
  CHECK(keptIds(*make(p, 4), logits) == std::vector<int32_t>{3, 2});
  p.topP = 0.71f;
  auto s = make(p, 4);
  CHECK(keptIds(*s, logits) == std::vector<int32_t>{3, 2, 1});
  CHECK(probOf(*s, 1) == Approx(0.2 / 0.9).epsilon(1e-6));
  p.topP = 0.95f;
  CHECK(keptIds(*make(p, 4), logits).size() == 4);
  p.topP = 1e-6f; // always at least the most probable token
  CHECK(keptIds(*make(p, 4), logits) == std::vector<int32_t>{3});

  // Exactly on the boundary (0.25 each, all exact): 0.25 + 0.25 >= 0.5 stops
  // at two, the lower ids.
  p.topP = 0.5f;
  auto b = make(p, 4);
  CHECK(keptIds(*b, {0, 0, 0, 0}) == std::vector<int32_t>{0, 1});
  CHECK(probOf(*b, 0) == 0.5);
}

TEST_CASE("min-p keeps tokens with probability >= min_p times the largest", "[sampler]") {
  // Ratios to the maximum: 1, 0.5, 0.25, 0.125.
  const std::vector<float> logits = logLogits({8, 4, 2, 1});
  SamplerParams p = plain();
  p.minP = 0.3f;
  CHECK(keptIds(*make(p, 4), logits) == std::vector<int32_t>{0, 1});
  p.minP = 0.2f;
  CHECK(keptIds(*make(p, 4), logits) == std::vector<int32_t>{0, 1, 2});
  p.minP = 0.1f;
  CHECK(keptIds(*make(p, 4), logits).size() == 4);
  p.minP = 1.0f; // only the maximum, and every token tied with it (ratio exactly 1)
  CHECK(keptIds(*make(p, 4), logits) == std::vector<int32_t>{0});
  CHECK(keptIds(*make(p, 4), {2, 9, 1, 9}) == std::vector<int32_t>{1, 3});
}

TEST_CASE("the filters run in the documented order", "[sampler]") {
  // Weights (0.1, 0.2, 0.3, 0.4). top-k 3 drops id 0; top-p 0.75 over the
  // renormalised (0.2, 0.3, 0.4)/0.9 keeps ids 3 and 2 (0.444 + 0.333; before
  // top-k it would have kept three: 0.4 + 0.3 < 0.75);
  // min-p 0.8 then drops id 2 (0.3 / 0.4 = 0.75).
  const std::vector<float> logits = logLogits({0.1, 0.2, 0.3, 0.4});
  SamplerParams p = plain();
  p.topK = 3;
  p.topP = 0.75f;
  CHECK(keptIds(*make(p, 4), logits) == std::vector<int32_t>{3, 2});
  p.minP = 0.8f;
  CHECK(keptIds(*make(p, 4), logits) == std::vector<int32_t>{3});

  // top-p and min-p judge the distribution at temperature 1: a high
  // temperature flattens what they kept, it does not widen it.
  SamplerParams hot = plain();
  hot.topP = 0.69f;
  hot.temperature = 100.0f;
  auto s = make(hot, 4);
  CHECK(keptIds(*s, logits) == std::vector<int32_t>{3, 2});
  CHECK(probOf(*s, 3) == Approx(1.0 / (1.0 + std::pow(0.75, 0.01))).epsilon(1e-6));
}

TEST_CASE("the repetition penalty divides positive logits and multiplies the others",
          "[sampler]") {
  SamplerParams p = plain();
  p.repeatPenalty = 2.0f;
  p.repeatLastN = 3;
  auto s = make(p, 5);
  const std::vector<float> logits = {2.0f, -2.0f, 1.5f, 0.0f, 0.5f};
  REQUIRE(s->accept(0).ok());
  REQUIRE(s->accept(1).ok());
  REQUIRE(s->accept(0).ok()); // a repeat within the window: penalised once
  REQUIRE(s->filter(logits.data(), logits.size()).ok());
  std::vector<float> after(5);
  for (size_t i = 0; i < s->candidateCount(); ++i)
    after[s->candidates()[i].id] = s->candidates()[i].logit;
  CHECK(after == std::vector<float>{1.0f, -4.0f, 1.5f, 0.0f, 0.5f});

  // The window holds the last 3 accepted ids: after 3, 4, 3 id 0 is free.
  REQUIRE(s->accept(3).ok());
  REQUIRE(s->accept(4).ok());
  REQUIRE(s->accept(3).ok());
  REQUIRE(s->filter(logits.data(), logits.size()).ok());
  for (size_t i = 0; i < s->candidateCount(); ++i)
    after[s->candidates()[i].id] = s->candidates()[i].logit;
  CHECK(after == std::vector<float>{2.0f, -2.0f, 1.5f, 0.0f, 0.25f});

  // reset() empties the window.
  s->reset();
  REQUIRE(s->filter(logits.data(), logits.size()).ok());
  for (size_t i = 0; i < s->candidateCount(); ++i)
    after[s->candidates()[i].id] = s->candidates()[i].logit;
  CHECK(after == logits);

  // Penalties apply before greedy: 3 / 1.5 = 2 < 2.5, so id 1 wins, and a
  // sampled token enters the window by itself.
  SamplerParams g = plain();
  g.temperature = 0.0f;
  g.repeatPenalty = 1.5f;
  auto greedy = make(g, 2);
  int32_t token = -1;
  const float two[] = {3.0f, 2.5f};
  REQUIRE(greedy->sample(two, 2, token).ok());
  CHECK(token == 0);
  REQUIRE(greedy->sample(two, 2, token).ok());
  CHECK(token == 1);

  // A penalised logit stays finite: -3e38 * 10 clamps to the lowest float.
  SamplerParams big = plain();
  big.repeatPenalty = 10.0f;
  auto b = make(big, 2);
  REQUIRE(b->accept(0).ok());
  const float extreme[] = {-3e38f, 0.0f};
  REQUIRE(b->filter(extreme, 2).ok());
  CHECK(b->candidates()[1].logit == std::numeric_limits<float>::lowest());
  CHECK(probOf(*b, 0) == 0.0);
}

TEST_CASE("temperature 0 is the argmax, ties to the lowest id", "[sampler]") {
  SamplerParams p = plain();
  p.temperature = 0.0f;
  p.topK = 40; // filters cannot change the argmax
  p.topP = 0.5f;
  p.minP = 0.1f;
  const size_t vocab = 1000;
  auto s = make(p, vocab);
  SamplerRng rng(7);
  std::vector<float> logits(vocab);
  for (int round = 0; round < 20; ++round) {
    for (float &l : logits)
      l = float(rng.uniform() * 20.0 - 10.0);
    int32_t token = -1;
    REQUIRE(s->sample(logits.data(), vocab, token).ok());
    CHECK(token == std::max_element(logits.begin(), logits.end()) - logits.begin());
  }
  int32_t token = -1;
  const float tied[] = {1, 3, 3, 2};
  auto t = make(p, 4);
  REQUIRE(t->sample(tied, 4, token).ok());
  CHECK(token == 1);
}

TEST_CASE("a seed reproduces its tokens and another seed gives others", "[sampler]") {
  const std::vector<float> logits = {0.5f, 1.0f, 0.0f, 1.5f, 0.2f, 0.9f, 1.1f, 0.3f};
  auto run = [&](Sampler &s) {
    std::vector<int32_t> tokens;
    for (int i = 0; i < 200; ++i) {
      int32_t token = -1;
      REQUIRE(s.sample(logits.data(), logits.size(), token).ok());
      tokens.push_back(token);
    }
    return tokens;
  };
  SamplerParams p; // llama.cpp's defaults, with a repetition penalty too
  p.repeatPenalty = 1.1f;
  p.topP = 0.9f;
  p.seed = 1234;
  auto a = make(p, logits.size());
  auto b = make(p, logits.size());
  std::vector<int32_t> first = run(*a);
  CHECK(run(*b) == first);
  a->reset();
  CHECK(run(*a) == first);
  p.seed = 1235;
  auto c = make(p, logits.size());
  CHECK(run(*c) != first);
}

TEST_CASE("draw frequencies match the probabilities within binomial bounds", "[sampler]") {
  // Deterministic given the seed: this cannot flake. Each count must lie
  // within 5 standard deviations, sqrt(n p (1 - p)), of n p.
  const int n = 100000;
  auto check = [&](const SamplerParams &params, const std::vector<float> &logits,
                   const std::vector<double> &expected) {
    auto s = make(params, logits.size());
    std::vector<int> counts(logits.size(), 0);
    for (int i = 0; i < n; ++i) {
      int32_t token = -1;
      REQUIRE(s->sample(logits.data(), logits.size(), token).ok());
      ++counts[size_t(token)];
    }
    for (size_t id = 0; id < logits.size(); ++id) {
      double mean = n * expected[id];
      double sd = std::sqrt(n * expected[id] * (1 - expected[id]));
      INFO("token " << id << ": " << counts[id] << " draws, expected " << mean);
      CHECK(std::abs(counts[id] - mean) <= 5 * sd);
    }
  };
  const std::vector<float> logits = logLogits({0.1, 0.2, 0.3, 0.4});
  check(plain(2024), logits, {0.1, 0.2, 0.3, 0.4});
  SamplerParams topK = plain(99);
  topK.topK = 2; // (0.3, 0.4) / 0.7; never ids 0 and 1
  check(topK, logits, {0.0, 0.0, 3.0 / 7, 4.0 / 7});
  SamplerParams hot = plain(5);
  hot.temperature = 2.0f; // weights sqrt(0.1 .. 0.4)
  double z = std::sqrt(0.1) + std::sqrt(0.2) + std::sqrt(0.3) + std::sqrt(0.4);
  check(hot, logits,
        {std::sqrt(0.1) / z, std::sqrt(0.2) / z, std::sqrt(0.3) / z, std::sqrt(0.4) / z});
}

TEST_CASE("sampling a token allocates nothing", "[sampler]") {
  const size_t vocab = 4096;
  std::vector<float> logits(vocab);
  SamplerRng rng(3);
  for (float &l : logits)
    l = float(rng.uniform() * 8.0);
  std::vector<SamplerParams> configs(4, SamplerParams());
  configs[0].repeatPenalty = 1.1f; // llama.cpp's defaults and a penalty
  configs[1] = plain();            // a full sort every token
  configs[2] = plain();
  configs[2].minP = 0.5f;
  configs[3].temperature = 0.0f;
  for (const SamplerParams &params : configs) {
    const size_t beforeCreate = allocations.load();
    auto s = make(params, vocab);
    CHECK(allocations.load() > beforeCreate); // the counter does count
    bool allOk = true;
    const size_t before = allocations.load();
    for (int i = 0; i < 200; ++i) {
      int32_t token = -1;
      allOk = s->sample(logits.data(), vocab, token).ok() && allOk;
    }
    const size_t made = allocations.load() - before;
    CHECK(allOk);
    CHECK(made == 0);
  }
}

TEST_CASE("invalid parameters and inputs are errors", "[sampler]") {
  SamplerParams p = plain();
  p.temperature = -0.5f;
  CHECK_THAT(createError(p), Contains("sampler: temperature is -0.5, expected a finite value >= 0"));
  p.temperature = std::numeric_limits<float>::quiet_NaN();
  CHECK_THAT(createError(p), Contains("temperature is nan"));
  p.temperature = std::numeric_limits<float>::infinity();
  CHECK_THAT(createError(p), Contains("temperature is inf"));
  p = plain();
  p.topK = -1;
  CHECK_THAT(createError(p), Contains("top-k is -1, expected >= 0"));
  p = plain();
  p.topP = 0.0f;
  CHECK_THAT(createError(p), Contains("top-p is 0, expected a value in (0, 1]"));
  p.topP = 1.5f;
  CHECK_THAT(createError(p), Contains("top-p is 1.5"));
  p = plain();
  p.minP = -0.1f;
  CHECK_THAT(createError(p), Contains("min-p is -0.1, expected a value in [0, 1]"));
  p.minP = 2.0f;
  CHECK_THAT(createError(p), Contains("min-p is 2"));
  p = plain();
  p.repeatPenalty = 0.0f;
  CHECK_THAT(createError(p), Contains("repeat-penalty is 0, expected a finite value > 0"));
  p = plain();
  p.repeatLastN = -1;
  CHECK_THAT(createError(p), Contains("repeat-last-n is -1, expected a value in [0, 1048576]"));
  CHECK_THAT(createError(plain(), 0), Contains("sampler: vocabulary size is 0"));

  auto s = make(plain(), 3);
  int32_t token = -1;
  const float nan[] = {0.0f, std::numeric_limits<float>::quiet_NaN(), 1.0f};
  rt::Status st = s->sample(nan, 3, token);
  REQUIRE_FALSE(st.ok());
  CHECK(st.message() == "sampler: the logit of token 1 is nan; logits must be finite");
  const float inf[] = {0.0f, 1.0f, -std::numeric_limits<float>::infinity()};
  st = s->sample(inf, 3, token);
  REQUIRE_FALSE(st.ok());
  CHECK(st.message() == "sampler: the logit of token 2 is -inf; logits must be finite");
  const float ok[] = {0.0f, 1.0f, 2.0f};
  st = s->sample(ok, 2, token);
  REQUIRE_FALSE(st.ok());
  CHECK(st.message() == "sampler: 2 logits for a vocabulary of 3");
  CHECK(token == -1);
  st = s->accept(3);
  REQUIRE_FALSE(st.ok());
  CHECK(st.message() == "sampler: token id 3 is outside the vocabulary of 3");
  CHECK_FALSE(s->accept(-1).ok());
  CHECK(s->sample(ok, 3, token).ok());
}
