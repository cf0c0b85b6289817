//===- LlmCApi.cpp - The C API of include/thymos/thymos_llm.h ----------------===//
//
// One handle over what thymos-generate's loop uses: the plan, a
// LlamaSession, the plan's vocabulary (Tokenizer::fromPlan), a Sampler and a
// TokenStream. Every entry point catches everything (CApiGuard.h).
// thymos_llm_next() is the step loop: it samples, evaluates and copies the
// piece into a buffer sized at load, so a token costs no allocation.
//
//===----------------------------------------------------------------------===//

#include "thymos/thymos_llm.h"

#include "runtime/CApiGuard.h"
#include "runtime/cpu/ThreadPool.h"
#include "runtime/llm/LlamaSession.h"
#include "runtime/llm/Sampler.h"
#include "runtime/llm/Tokenizer.h"

#include <cstdarg>
#include <cstring>
#include <memory>
#include <optional>
#include <string>
#include <vector>

using namespace thymos;
using namespace thymos::rt;

struct ThymosLlm {
  // Declared in the order they are built: the session uses the plan and the
  // threads, so it is destroyed before them.
  std::unique_ptr<Plan> plan;
  std::unique_ptr<ThreadPool> threads;
  std::unique_ptr<llm::LlamaSession> session;
  std::unique_ptr<llm::Tokenizer> tokenizer;
  std::unique_ptr<llm::Sampler> sampler;
  std::optional<llm::TokenStream> stream; // one per prompt, continuing it
  bool prompted = false;                  // the session holds logits to sample from
  std::string piece;                      // the last piece; capacity kPieceBytes
  char error[512] = {};
};

namespace {

// Room for a piece without allocating; the longest piece of a llama
// vocabulary is a few dozen bytes.
constexpr size_t kPieceBytes = 255;

ThymosStatus fail(ThymosLlm *llm, ThymosStatus code, const char *format, ...)
    __attribute__((format(printf, 3, 4)));

ThymosStatus fail(ThymosLlm *llm, ThymosStatus code, const char *format, ...) {
  va_list args;
  va_start(args, format);
  std::vsnprintf(llm->error, sizeof llm->error, format, args);
  va_end(args);
  return code;
}

template <typename Body> ThymosStatus guardedLlm(ThymosLlm *llm, Body body) noexcept {
  if (!llm)
    return THYMOS_ERROR_NULL_ARGUMENT;
  llm->error[0] = '\0';
  return guarded(body, [llm](ThymosStatus code, const char *what) { fail(llm, code, "%s", what); });
}

llm::SamplerParams samplerParams(const ThymosLlmParams &p) {
  llm::SamplerParams s;
  s.temperature = p.temperature;
  s.topK = p.top_k;
  s.topP = p.top_p;
  s.minP = p.min_p;
  s.repeatPenalty = p.repeat_penalty;
  s.repeatLastN = p.repeat_last_n;
  s.seed = p.seed;
  return s;
}

/// Builds everything of a handle but the plan; a message on failure.
Status start(ThymosLlm &h, unsigned threads, const llm::SamplerParams &sampling) {
  h.threads = std::make_unique<ThreadPool>(threads);
  if (Status s = llm::LlamaSession::create(*h.plan, h.threads.get(), h.session); !s)
    return s;
  if (Status s = llm::Tokenizer::fromPlan(*h.plan, h.tokenizer); !s)
    return s;
  if (h.tokenizer->size() != h.session->vocabSize())
    return Status::error("the vocabulary has " + std::to_string(h.tokenizer->size()) +
                         " tokens but the model's logits have " +
                         std::to_string(h.session->vocabSize()));
  if (Status s = llm::Sampler::create(sampling, size_t(h.session->vocabSize()), h.sampler); !s)
    return s;
  h.piece.reserve(kPieceBytes);
  return Status::success();
}

/// Checks `ids` against the vocabulary and the context, then starts over
/// with them. A check that fails changes nothing.
ThymosStatus startPrompt(ThymosLlm *h, const int32_t *ids, size_t count) {
  llm::LlamaSession &session = *h->session;
  if (count == 0)
    return fail(h, THYMOS_ERROR_NO_DATA,
                "the prompt has no tokens (an empty text needs add_bos)");
  for (size_t i = 0; i < count; ++i)
    if (ids[i] < 0 || ids[i] >= session.vocabSize())
      return fail(h, THYMOS_ERROR_OUT_OF_RANGE,
                  "prompt token %zu is %d, outside the vocabulary of %d tokens", i, ids[i],
                  session.vocabSize());
  if (static_cast<int64_t>(count) > session.contextLength())
    return fail(h, THYMOS_ERROR_OUT_OF_RANGE,
                "the prompt is %zu tokens, more than the context of %lld (import the model "
                "with a larger -c, or shorten the prompt)",
                count, static_cast<long long>(session.contextLength()));

  h->prompted = false;
  session.reset();
  h->sampler->reset();
  for (size_t i = 0; i < count; ++i)
    if (Status s = h->sampler->accept(ids[i]); !s)
      return fail(h, THYMOS_ERROR_INTERNAL, "%s", s.message().c_str());
  // Generated pieces continue the prompt's text, so the first keeps its
  // leading space (" there" after "Once upon a time,"). The stream holds at
  // most 3 bytes of an incomplete character before a piece.
  h->stream.emplace(*h->tokenizer, /*special=*/false, /*atTextStart=*/false);
  h->stream->reserve(kPieceBytes + 3);
  if (Status s = session.evaluate(ids, count); !s)
    return fail(h, THYMOS_ERROR_RUN_FAILED, "evaluating the prompt: %s", s.message().c_str());
  h->prompted = true;
  return THYMOS_OK;
}

} // namespace

extern "C" {

ThymosLlmParams thymos_llm_default_params(void) {
  const llm::SamplerParams s;
  ThymosLlmParams p;
  p.threads = 1;
  p.temperature = s.temperature;
  p.top_k = s.topK;
  p.top_p = s.topP;
  p.min_p = s.minP;
  p.repeat_penalty = s.repeatPenalty;
  p.repeat_last_n = s.repeatLastN;
  p.seed = s.seed;
  return p;
}

//===--- Loading -----------------------------------------------------------===//

ThymosStatus thymos_llm_load(const char *plan_path, const ThymosLlmParams *params,
                             ThymosLlm **llm, char *err, size_t errlen) {
  auto report = [&](ThymosStatus, const char *what) { copyMessage(err, errlen, what); };
  if (!plan_path || !llm) {
    report(THYMOS_ERROR_NULL_ARGUMENT, "thymos_llm_load: plan_path and llm must not be NULL");
    return THYMOS_ERROR_NULL_ARGUMENT;
  }
  return guarded(
      [&] {
        const ThymosLlmParams p = params ? *params : thymos_llm_default_params();
        const llm::SamplerParams sampling = samplerParams(p);
        if (Status s = llm::validateSamplerParams(sampling); !s) {
          copyMessage(err, errlen, s.message().c_str());
          return THYMOS_ERROR_OUT_OF_RANGE;
        }
        auto handle = std::make_unique<ThymosLlm>();
        if (Status s = Plan::load(plan_path, handle->plan); !s) {
          copyMessage(err, errlen, s.message().c_str());
          return planLoadFailure(plan_path);
        }
        if (Status s = start(*handle, p.threads, sampling); !s) {
          std::string message = std::string(plan_path) + ": " + s.message();
          copyMessage(err, errlen, message.c_str());
          return THYMOS_ERROR_INVALID_PLAN;
        }
        *llm = handle.release();
        copyMessage(err, errlen, "");
        return THYMOS_OK;
      },
      report);
}

void thymos_llm_free(ThymosLlm *llm) { delete llm; }

const char *thymos_llm_error(const ThymosLlm *llm) {
  return llm ? llm->error : "thymos_llm_error: llm is NULL";
}

//===--- Text and tokens ---------------------------------------------------===//

ThymosStatus thymos_llm_tokenize(ThymosLlm *llm, const char *text, bool add_bos, int32_t *ids,
                                 size_t capacity, size_t *count) {
  return guardedLlm(llm, [&] {
    if (!text || !count || (!ids && capacity))
      return fail(llm, THYMOS_ERROR_NULL_ARGUMENT,
                  "thymos_llm_tokenize: text, count and (with a capacity) ids must not be NULL");
    std::vector<int32_t> tokens = llm->tokenizer->tokenize(text, add_bos);
    *count = tokens.size();
    if (tokens.size() > capacity)
      return fail(llm, THYMOS_ERROR_SIZE_MISMATCH,
                  "the text is %zu tokens; the buffer holds %zu", tokens.size(), capacity);
    if (!tokens.empty())
      std::memcpy(ids, tokens.data(), tokens.size() * sizeof(int32_t));
    return THYMOS_OK;
  });
}

ThymosStatus thymos_llm_prompt(ThymosLlm *llm, const char *text, bool add_bos) {
  return guardedLlm(llm, [&] {
    if (!text)
      return fail(llm, THYMOS_ERROR_NULL_ARGUMENT, "thymos_llm_prompt: text is NULL");
    std::vector<int32_t> ids = llm->tokenizer->tokenize(text, add_bos);
    return startPrompt(llm, ids.data(), ids.size());
  });
}

ThymosStatus thymos_llm_prompt_ids(ThymosLlm *llm, const int32_t *ids, size_t count) {
  return guardedLlm(llm, [&] {
    if (!ids && count)
      return fail(llm, THYMOS_ERROR_NULL_ARGUMENT, "thymos_llm_prompt_ids: ids is NULL");
    return startPrompt(llm, ids, count);
  });
}

// The step loop: no allocation unless a piece outgrows the buffer or a call
// fails.
ThymosStatus thymos_llm_next(ThymosLlm *llm, int32_t *token, const char **piece) {
  return guardedLlm(llm, [&] {
    if (!token || !piece)
      return fail(llm, THYMOS_ERROR_NULL_ARGUMENT,
                  "thymos_llm_next: token and piece must not be NULL");
    llm::LlamaSession &session = *llm->session;
    if (!llm->prompted)
      return fail(llm, THYMOS_ERROR_NO_DATA,
                  "there are no logits to sample from: give a prompt first");
    if (session.position() >= session.contextLength())
      return fail(llm, THYMOS_ERROR_OUT_OF_RANGE,
                  "the context of %lld tokens is full: start over with a new prompt",
                  static_cast<long long>(session.contextLength()));
    int32_t next;
    if (Status s = llm->sampler->sample(session.logits(), size_t(session.vocabSize()), next); !s)
      return fail(llm, THYMOS_ERROR_RUN_FAILED, "%s", s.message().c_str());
    if (next == llm->tokenizer->eos()) {
      llm->stream->finish(llm->piece);
      *piece = llm->piece.c_str();
      *token = next;
      return THYMOS_OK;
    }
    if (Status s = session.evaluate(&next, 1); !s) {
      llm->prompted = false;
      return fail(llm, THYMOS_ERROR_RUN_FAILED, "evaluating token %d at position %lld: %s", next,
                  static_cast<long long>(session.position()), s.message().c_str());
    }
    // Into the buffer reserved at load: it grows only for an unusually long
    // piece.
    llm->stream->push(next, llm->piece);
    *piece = llm->piece.c_str();
    *token = next;
    return THYMOS_OK;
  });
}

//===--- Queries -----------------------------------------------------------===//

int32_t thymos_llm_eos(const ThymosLlm *llm) { return llm ? llm->tokenizer->eos() : -1; }

int32_t thymos_llm_vocab_size(const ThymosLlm *llm) {
  return llm ? llm->session->vocabSize() : 0;
}

int64_t thymos_llm_context_length(const ThymosLlm *llm) {
  return llm ? llm->session->contextLength() : 0;
}

int64_t thymos_llm_position(const ThymosLlm *llm) { return llm ? llm->session->position() : 0; }

ThymosStatus thymos_llm_logits(ThymosLlm *llm, const float **logits) {
  return guardedLlm(llm, [&] {
    if (!logits)
      return fail(llm, THYMOS_ERROR_NULL_ARGUMENT, "thymos_llm_logits: logits is NULL");
    if (!llm->prompted)
      return fail(llm, THYMOS_ERROR_NO_DATA, "there are no logits yet: give a prompt first");
    *logits = llm->session->logits();
    return THYMOS_OK;
  });
}

} // extern "C"
