/*===- thymos/thymos_llm.h - Text generation from C ------------------------===*
 *
 * Load a llama model plan, feed it a prompt, and pull the generated tokens
 * one at a time, from C99 or C++. The plan is made by
 *
 *   thymos-gguf import model.gguf -o model.thy -c 2048
 *   thymosc model.thy -o model.plan
 *
 * and maps the GGUF file's weights in place; the vocabulary is read from the
 * same file, so the file must stay where the plan found it. The library is
 * libthymos_runtime.a, as for <thymos/thymos_runtime.h> (pkg-config:
 * thymos-runtime).
 *
 * A first program, greedy decoding of 64 tokens:
 *
 *   ThymosLlmParams params = thymos_llm_default_params();
 *   params.temperature = 0.0f;                       // greedy
 *   char err[256];
 *   ThymosLlm *llm = NULL;
 *   if (thymos_llm_load("model.plan", &params, &llm, err, sizeof err) != THYMOS_OK) {
 *     fprintf(stderr, "%s\n", err);
 *     return 1;
 *   }
 *   if (thymos_llm_prompt(llm, "Once upon a time", true) != THYMOS_OK) {
 *     fprintf(stderr, "%s\n", thymos_llm_error(llm));  // e.g. longer than the context
 *     thymos_llm_free(llm);
 *     return 1;
 *   }
 *   fputs("Once upon a time", stdout);
 *   for (int i = 0; i < 64; ++i) {
 *     int32_t token;
 *     const char *piece;
 *     if (thymos_llm_next(llm, &token, &piece) != THYMOS_OK) {
 *       fprintf(stderr, "\n%s\n", thymos_llm_error(llm)); // e.g. the context is full
 *       break;
 *     }
 *     fputs(piece, stdout);
 *     if (token == thymos_llm_eos(llm))
 *       break;
 *   }
 *   thymos_llm_free(llm);
 *
 * Conventions, as in <thymos/thymos_runtime.h>:
 *   - Every function that can fail returns a ThymosStatus (see
 *     <thymos/thymos_common.h>); THYMOS_OK is 0. Nothing throws across this
 *     header and nothing aborts.
 *   - thymos_llm_load() writes a one-line message into the caller's `err`
 *     buffer (truncated to `errlen`; `err` may be NULL). A failed call on a
 *     handle leaves its message in thymos_llm_error(). No global state.
 *   - Out-parameters are written only on success; the one exception is
 *     thymos_llm_tokenize()'s `count`, which tells a too-small buffer's
 *     caller the size it needs.
 *   - A failed call leaves the handle usable. Validation failures (a NULL
 *     argument, a prompt longer than the context, a full context, no prompt
 *     yet) change nothing.
 *
 * Ownership and cost:
 *   - A ThymosLlm owns its plan, the memory of one session (arena and K/V
 *     cache), `threads` threads, the vocabulary and the sampler. Use it from
 *     one thread at a time; for parallel requests, load one per thread.
 *   - thymos_llm_next() allocates nothing for a piece of up to 255 bytes
 *     (pieces are a few bytes): its buffers are reserved at load. A longer
 *     piece grows them, once.
 *
 *===----------------------------------------------------------------------===*/
#ifndef THYMOS_THYMOS_LLM_H
#define THYMOS_THYMOS_LLM_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

/* ThymosStatus, thymos_status_string(). */
#include <thymos/thymos_common.h>

#ifdef __cplusplus
extern "C" {
#endif

/* A loaded model: plan, session, vocabulary, sampler and position. Opaque. */
typedef struct ThymosLlm ThymosLlm;

/* How to run and sample. The sampling chain is llama.cpp's: repetition
 * penalty -> top-k -> top-p -> min-p -> temperature -> draw (docs/llm.md). */
typedef struct ThymosLlmParams {
  unsigned threads;     /* in all, the caller's included; 0 = one per hardware thread (1) */
  float temperature;    /* >= 0; 0 = greedy: the argmax, ties to the lowest id (0.8) */
  int32_t top_k;        /* >= 0; 0 = off (40) */
  float top_p;          /* in (0, 1]; 1 = off (0.95) */
  float min_p;          /* in [0, 1]; 0 = off (0.05) */
  float repeat_penalty; /* > 0; 1 = off (1.0) */
  int32_t repeat_last_n; /* tokens the penalty looks back over, in [0, 2^20]; 0 = off (64) */
  uint64_t seed;        /* the generator's seed: a fixed default, so runs reproduce (0) */
} ThymosLlmParams;

/* The defaults in parentheses above: llama.cpp's, with a fixed seed. */
ThymosLlmParams thymos_llm_default_params(void);

/*--- Loading -------------------------------------------------------------*/

/* Loads and validates the plan at `plan_path`, checks that it is an imported
 * llama (@decode, optionally @prefill, K/V cache state), reads the vocabulary
 * from its GGUF file, allocates the session and starts the threads. `params`
 * may be NULL for the defaults; parameters out of range are an error here.
 * THYMOS_ERROR_IO: no such file; THYMOS_ERROR_INVALID_PLAN: not a valid plan,
 * or not one of a llama model, or no usable vocabulary; and the parameters'
 * range errors are THYMOS_ERROR_OUT_OF_RANGE. */
ThymosStatus thymos_llm_load(const char *plan_path, const ThymosLlmParams *params,
                             ThymosLlm **llm, char *err, size_t errlen);
/* Frees everything the handle owns; NULL is a no-op. */
void thymos_llm_free(ThymosLlm *llm);
/* The message of the last failed call on `llm`; "" if it succeeded. Valid
 * until the next call on the handle. */
const char *thymos_llm_error(const ThymosLlm *llm);

/*--- Text and tokens -----------------------------------------------------*/

/* Tokenizes `text` (UTF-8, NUL-terminated) as llama.cpp does; with
 * `add_bos`, BOS is put first when the vocabulary asks for it. `*count` is
 * the number of ids; when it exceeds `capacity`, nothing is written to `ids`
 * and the call returns THYMOS_ERROR_SIZE_MISMATCH (`ids` may be NULL with
 * `capacity` 0, to ask for the size). */
ThymosStatus thymos_llm_tokenize(ThymosLlm *llm, const char *text, bool add_bos,
                                 int32_t *ids, size_t capacity, size_t *count);

/* Starts over: tokenizes `text`, sets the position to 0 and evaluates the
 * tokens (in @prefill chunks), so that thymos_llm_next() has logits. The
 * sampler restarts too (its penalty window holds the prompt; the generator
 * restarts from the seed), so the same prompt gives the same tokens.
 * THYMOS_ERROR_OUT_OF_RANGE if the prompt has more tokens than the context;
 * THYMOS_ERROR_NO_DATA if it has none (an empty text needs BOS). */
ThymosStatus thymos_llm_prompt(ThymosLlm *llm, const char *text, bool add_bos);
/* The same with token ids; each must be in [0, vocab_size). */
ThymosStatus thymos_llm_prompt_ids(ThymosLlm *llm, const int32_t *ids, size_t count);

/* Samples the next token from the current logits and returns it with its
 * text. If it is EOS, `*token` is thymos_llm_eos() and nothing is evaluated;
 * `*piece` is "" (or, rarely, bytes of an incomplete UTF-8 character held
 * from earlier tokens, flushed as they are). Otherwise the token is
 * evaluated at the current position, which advances by one, so the next call
 * has logits. `*piece` is the text the token completes: NUL-terminated,
 * possibly "" (a UTF-8 character split over several byte tokens is held back
 * until it is complete; the pieces concatenate to the detokenized text), and
 * owned by the handle until the next call on it.
 * Errors: THYMOS_ERROR_NO_DATA before any prompt; THYMOS_ERROR_OUT_OF_RANGE
 * when the context is full (position == context length: nothing is sampled;
 * start over with a new prompt); THYMOS_ERROR_RUN_FAILED if evaluating fails
 * (the token was sampled: the handle needs a new prompt). */
ThymosStatus thymos_llm_next(ThymosLlm *llm, int32_t *token, const char **piece);

/*--- Queries -------------------------------------------------------------*/
/* These cannot fail on a valid handle. On NULL, thymos_llm_eos() returns -1
 * and the others 0. */

/* The end-of-sequence id, or -1 if the vocabulary has none. */
int32_t thymos_llm_eos(const ThymosLlm *llm);
/* The number of tokens, and of logits per token. */
int32_t thymos_llm_vocab_size(const ThymosLlm *llm);
/* The most tokens (prompt and generated) the K/V cache holds: the -c of the
 * import. */
int64_t thymos_llm_context_length(const ThymosLlm *llm);
/* Tokens evaluated since the prompt started: the position of the next. */
int64_t thymos_llm_position(const ThymosLlm *llm);

/* The logits of the last token evaluated: thymos_llm_vocab_size() floats in
 * the session's memory, which the next evaluation (thymos_llm_next() of a
 * token other than EOS, a prompt) overwrites. THYMOS_ERROR_NO_DATA before
 * any prompt. */
ThymosStatus thymos_llm_logits(ThymosLlm *llm, const float **logits);

#ifdef __cplusplus
} /* extern "C" */
#endif

#endif /* THYMOS_THYMOS_LLM_H */
