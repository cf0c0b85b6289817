//===- LlamaSession.h - Running an imported llama plan token by token ---------===//
//
// A plan made from `thymos-gguf import` has an entry @decode (one token at a
// run-time position) and usually @prefill (a chunk of tokens), sharing the
// K/V caches as state (frontend/llama/LlamaImport.h). A session owns the
// executor for such a plan and keeps the position:
//
//   std::unique_ptr<llm::LlamaSession> session;
//   if (rt::Status s = llm::LlamaSession::create(*plan, &threads, session); !s) ...
//   session->evaluate(promptIds.data(), promptIds.size());   // prefill in chunks
//   const float *logits = session->logits();                 // of the last token
//   session->evaluate(&next, 1);                              // one decode step
//
// The plan is checked to have this shape at create(), so a plan of another
// model is an error there, not a wrong answer later. Evaluating allocates
// nothing: inputs are written into the planned arena, the logits are read
// from it.
//
//===----------------------------------------------------------------------===//
#pragma once

#include "runtime/Executor.h"
#include "runtime/Plan.h"

#include <cstdint>
#include <memory>
#include <vector>

namespace thymos::llm {

class LlamaSession {
public:
  static rt::Status create(const rt::Plan &plan, rt::ThreadPool *threads,
                           std::unique_ptr<LlamaSession> &out);

  int32_t vocabSize() const { return vocab_; }
  /// Rows of the K/V caches: the most tokens a session can hold.
  int64_t contextLength() const { return context_; }
  /// Tokens per @prefill run; 0 when the plan has no @prefill.
  int64_t prefillChunk() const { return chunk_; }
  /// Tokens evaluated so far: the position of the next one.
  int64_t position() const { return position_; }

  /// Evaluates `count` tokens at the current position: through @prefill in
  /// chunks of at most `batch` tokens (0: the plan's chunk; 1: token by
  /// token through @decode), a short remainder through @decode. Afterwards
  /// logits() are the last token's. An id outside the vocabulary or more
  /// tokens than the context has left is an error before anything runs.
  rt::Status evaluate(const int32_t *ids, size_t count, int64_t batch = 0);
  /// The logits of the last token evaluated (vocabSize() values).
  const float *logits() const { return logits_; }
  /// Starts over at position 0 (the cache rows are overwritten as it goes).
  void reset() { position_ = 0; }

  /// From now on, time every step of every run (thymos-generate --profile).
  /// The buffers are sized here, so evaluating still allocates nothing.
  void enableProfile();
  /// Nanoseconds spent in each step of @decode and @prefill so far (empty
  /// unless profiling), and how many runs of each they cover.
  const std::vector<uint64_t> &decodeStepNanos() const { return decodeNanos_; }
  const std::vector<uint64_t> &prefillStepNanos() const { return prefillNanos_; }
  uint64_t decodeRuns() const { return decodeRuns_; }
  uint64_t prefillRuns() const { return prefillRuns_; }
  int decodeEntry() const { return decode_; }
  int prefillEntry() const { return prefill_; }

  /// The executor's memory: arena and state (K/V cache) bytes.
  uint64_t arenaBytes() const { return plan_.header().arenaBytes; }
  uint64_t stateBytes() const { return plan_.header().stateBytes; }

private:
  explicit LlamaSession(const rt::Plan &plan) : plan_(plan) {}
  rt::Status runChunk(const int32_t *ids, int64_t count);
  rt::Status runDecode(int32_t id);

  const rt::Plan &plan_;
  std::unique_ptr<rt::Executor> executor_;
  int decode_ = -1, prefill_ = -1;
  int32_t vocab_ = 0;
  int64_t context_ = 0, chunk_ = 0, position_ = 0;
  // Where the entries' inputs and outputs live in the arena.
  int32_t *decodeToken_ = nullptr, *decodePos_ = nullptr;
  int32_t *prefillTokens_ = nullptr, *prefillPos_ = nullptr, *prefillLast_ = nullptr;
  const float *decodeLogits_ = nullptr, *prefillLogits_ = nullptr;
  const float *logits_ = nullptr;
  std::vector<uint64_t> decodeNanos_, prefillNanos_; // per step, when profiling
  uint64_t decodeRuns_ = 0, prefillRuns_ = 0;
};

} // namespace thymos::llm
