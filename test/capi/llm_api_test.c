/*===- llm_api_test.c - Text generation through <thymos/thymos_llm.h>, from C99 ===*
 *
 *   llm_api_test generate MODEL.plan PROMPT N
 *     Greedy decoding (temperature 0) of N tokens after PROMPT: prints the
 *     generated ids on one line, then the concatenated pieces on the next;
 *     llm_generate_check.sh compares both with thymos-generate.
 *
 *   llm_api_test errors MODEL.plan OTHER.plan
 *     Every error path, from C: a non-OK code, the expected one, a message,
 *     and a handle that still works afterwards. MODEL.plan is an imported
 *     llama with a 256-token context; OTHER.plan is a plan of something
 *     else (examples/linreg.thy).
 *
 *===----------------------------------------------------------------------===*/
#include <thymos/thymos_llm.h>

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

static int failures = 0;

#define CHECK(cond)                                                                    \
  do {                                                                                 \
    if (!(cond)) {                                                                     \
      fprintf(stderr, "%s:%d: check failed: %s\n", __FILE__, __LINE__, #cond);       \
      ++failures;                                                                      \
    }                                                                                  \
  } while (0)

/* A failed call: the expected code and a message to show. */
static void expect_error(ThymosStatus got, ThymosStatus want, const char *message,
                         int line) {
  if (got != want || message == NULL || message[0] == '\0') {
    fprintf(stderr, "%s:%d: wanted %s with a message, got %s \"%s\"\n", __FILE__, line,
            thymos_status_string(want), thymos_status_string(got), message ? message : "(null)");
    ++failures;
    return;
  }
  printf("  %-28s %s\n", thymos_status_string(got), message);
}
#define EXPECT_ERROR(call, want, message) expect_error((call), (want), (message), __LINE__)

/* A call on `llm` that must succeed; reports its message otherwise. */
static int ok(ThymosStatus got, ThymosLlm *llm, int line) {
  if (got == THYMOS_OK)
    return 1;
  fprintf(stderr, "%s:%d: %s: %s\n", __FILE__, line, thymos_status_string(got),
          thymos_llm_error(llm));
  ++failures;
  return 0;
}
#define OK(call, llm) ok((call), (llm), __LINE__)

static ThymosLlm *load(const char *path, const ThymosLlmParams *params) {
  char err[512];
  ThymosLlm *llm = NULL;
  ThymosStatus s = thymos_llm_load(path, params, &llm, err, sizeof err);
  if (s != THYMOS_OK) {
    fprintf(stderr, "%s: %s\n", thymos_status_string(s), err);
    return NULL;
  }
  return llm;
}

static int generate(const char *path, const char *prompt, int n) {
  ThymosLlmParams params = thymos_llm_default_params();
  ThymosLlm *llm;
  char *text;
  size_t used = 0;
  int i;
  params.temperature = 0.0f;
  llm = load(path, &params);
  if (!llm)
    return 1;
  text = malloc((size_t)n * 256 + 1);
  if (!text || !OK(thymos_llm_prompt(llm, prompt, true), llm)) {
    free(text);
    thymos_llm_free(llm);
    return 1;
  }
  text[0] = '\0';
  for (i = 0; i < n; ++i) {
    int32_t token;
    const char *piece;
    size_t len;
    if (!OK(thymos_llm_next(llm, &token, &piece), llm))
      break;
    printf("%s%d", i ? " " : "", (int)token);
    len = strlen(piece);
    if (len > 255)
      len = 255;
    memcpy(text + used, piece, len);
    used += len;
    text[used] = '\0';
    if (token == thymos_llm_eos(llm))
      break;
  }
  printf("\n%s\n", text);
  free(text);
  thymos_llm_free(llm);
  return failures ? 1 : 0;
}

/* The index of the largest of `n` values, ties to the lowest. */
static int32_t argmax(const float *v, int32_t n) {
  int32_t best = 0, i;
  for (i = 1; i < n; ++i)
    if (v[i] > v[best])
      best = i;
  return best;
}

/* Generates `n` tokens after "Once upon a time" into `ids`. */
static int run_tokens(ThymosLlm *llm, int32_t *ids, int n) {
  int i;
  const char *piece;
  if (!OK(thymos_llm_prompt(llm, "Once upon a time", true), llm))
    return 0;
  for (i = 0; i < n; ++i)
    if (!OK(thymos_llm_next(llm, &ids[i], &piece), llm))
      return 0;
  return 1;
}

static void null_arguments(ThymosLlm *llm) {
  char err[256];
  ThymosLlm *none = NULL;
  int32_t token = 0, ids[4];
  const char *piece = NULL;
  const float *logits = NULL;
  size_t count = 0;

  printf("NULL arguments\n");
  EXPECT_ERROR(thymos_llm_load(NULL, NULL, &none, err, sizeof err), THYMOS_ERROR_NULL_ARGUMENT,
               err);
  EXPECT_ERROR(thymos_llm_load("x.plan", NULL, NULL, err, sizeof err),
               THYMOS_ERROR_NULL_ARGUMENT, err);
  CHECK(thymos_llm_load(NULL, NULL, &none, NULL, 0) == THYMOS_ERROR_NULL_ARGUMENT);
  CHECK(none == NULL);

  CHECK(thymos_llm_prompt(NULL, "x", true) == THYMOS_ERROR_NULL_ARGUMENT);
  CHECK(thymos_llm_prompt_ids(NULL, ids, 1) == THYMOS_ERROR_NULL_ARGUMENT);
  CHECK(thymos_llm_next(NULL, &token, &piece) == THYMOS_ERROR_NULL_ARGUMENT);
  CHECK(thymos_llm_tokenize(NULL, "x", true, ids, 4, &count) == THYMOS_ERROR_NULL_ARGUMENT);
  CHECK(thymos_llm_logits(NULL, &logits) == THYMOS_ERROR_NULL_ARGUMENT);
  CHECK(thymos_llm_error(NULL)[0] != '\0');
  CHECK(thymos_llm_eos(NULL) == -1 && thymos_llm_vocab_size(NULL) == 0 &&
        thymos_llm_context_length(NULL) == 0 && thymos_llm_position(NULL) == 0);
  thymos_llm_free(NULL);

  EXPECT_ERROR(thymos_llm_prompt(llm, NULL, true), THYMOS_ERROR_NULL_ARGUMENT,
               thymos_llm_error(llm));
  EXPECT_ERROR(thymos_llm_prompt_ids(llm, NULL, 3), THYMOS_ERROR_NULL_ARGUMENT,
               thymos_llm_error(llm));
  EXPECT_ERROR(thymos_llm_next(llm, NULL, &piece), THYMOS_ERROR_NULL_ARGUMENT,
               thymos_llm_error(llm));
  EXPECT_ERROR(thymos_llm_next(llm, &token, NULL), THYMOS_ERROR_NULL_ARGUMENT,
               thymos_llm_error(llm));
  EXPECT_ERROR(thymos_llm_tokenize(llm, NULL, true, ids, 4, &count), THYMOS_ERROR_NULL_ARGUMENT,
               thymos_llm_error(llm));
  EXPECT_ERROR(thymos_llm_tokenize(llm, "x", true, NULL, 4, &count), THYMOS_ERROR_NULL_ARGUMENT,
               thymos_llm_error(llm));
  EXPECT_ERROR(thymos_llm_tokenize(llm, "x", true, ids, 4, NULL), THYMOS_ERROR_NULL_ARGUMENT,
               thymos_llm_error(llm));
  EXPECT_ERROR(thymos_llm_logits(llm, NULL), THYMOS_ERROR_NULL_ARGUMENT, thymos_llm_error(llm));
  CHECK(token == 0 && piece == NULL && count == 0);
}

static void load_errors(const char *llama, const char *other) {
  char err[512];
  ThymosLlm *llm = NULL;
  ThymosLlmParams params = thymos_llm_default_params();

  printf("loading\n");
  EXPECT_ERROR(thymos_llm_load("/nonexistent/model.plan", NULL, &llm, err, sizeof err),
               THYMOS_ERROR_IO, err);
  EXPECT_ERROR(thymos_llm_load(other, NULL, &llm, err, sizeof err), THYMOS_ERROR_INVALID_PLAN,
               err);
  CHECK(strstr(err, "@decode") != NULL);
  params.temperature = -1.0f;
  EXPECT_ERROR(thymos_llm_load(llama, &params, &llm, err, sizeof err), THYMOS_ERROR_OUT_OF_RANGE,
               err);
  CHECK(strstr(err, "temperature") != NULL);
  params = thymos_llm_default_params();
  params.top_p = 0.0f;
  EXPECT_ERROR(thymos_llm_load(llama, &params, &llm, err, sizeof err), THYMOS_ERROR_OUT_OF_RANGE,
               err);
  CHECK(llm == NULL);
  /* A one-byte buffer still gets its NUL. */
  err[0] = 'x';
  CHECK(thymos_llm_load("/nonexistent/model.plan", NULL, &llm, err, 1) == THYMOS_ERROR_IO);
  CHECK(err[0] == '\0');
}

static void prompt_errors(ThymosLlm *llm) {
  enum { LONG_PROMPT = 2000 };
  int32_t token, ids[300];
  const char *piece;
  const float *logits;
  size_t count = 99, i;
  char *text = malloc(LONG_PROMPT + 1);
  const int64_t context = thymos_llm_context_length(llm);

  printf("prompts and generation\n");
  CHECK(context == 256);
  EXPECT_ERROR(thymos_llm_next(llm, &token, &piece), THYMOS_ERROR_NO_DATA, thymos_llm_error(llm));
  EXPECT_ERROR(thymos_llm_logits(llm, &logits), THYMOS_ERROR_NO_DATA, thymos_llm_error(llm));

  /* Tokenizing: the size is told even when the buffer is too small. */
  EXPECT_ERROR(thymos_llm_tokenize(llm, "Once upon a time", true, ids, 2, &count),
               THYMOS_ERROR_SIZE_MISMATCH, thymos_llm_error(llm));
  CHECK(count == 5);
  CHECK(thymos_llm_tokenize(llm, "Once upon a time", true, NULL, 0, &count) ==
        THYMOS_ERROR_SIZE_MISMATCH && count == 5);
  CHECK(thymos_llm_tokenize(llm, "Once upon a time", true, ids, 5, &count) == THYMOS_OK);
  CHECK(count == 5 && ids[0] == 1 && ids[1] == 403);
  CHECK(thymos_llm_error(llm)[0] == '\0');
  CHECK(thymos_llm_tokenize(llm, "", false, NULL, 0, &count) == THYMOS_OK && count == 0);

  /* Longer than the context, empty, ids outside the vocabulary. */
  for (i = 0; text && i + 5 <= LONG_PROMPT; i += 5)
    memcpy(text + i, "time ", 5);
  if (text) {
    text[i] = '\0';
    EXPECT_ERROR(thymos_llm_prompt(llm, text, true), THYMOS_ERROR_OUT_OF_RANGE,
                 thymos_llm_error(llm));
    CHECK(strstr(thymos_llm_error(llm), "context of 256") != NULL);
  }
  free(text);
  EXPECT_ERROR(thymos_llm_prompt(llm, "", false), THYMOS_ERROR_NO_DATA, thymos_llm_error(llm));
  ids[0] = 1;
  ids[1] = thymos_llm_vocab_size(llm);
  EXPECT_ERROR(thymos_llm_prompt_ids(llm, ids, 2), THYMOS_ERROR_OUT_OF_RANGE,
               thymos_llm_error(llm));
  ids[1] = -1;
  EXPECT_ERROR(thymos_llm_prompt_ids(llm, ids, 2), THYMOS_ERROR_OUT_OF_RANGE,
               thymos_llm_error(llm));
  CHECK(thymos_llm_prompt_ids(llm, ids, 0) == THYMOS_ERROR_NO_DATA);
  CHECK(thymos_llm_position(llm) == 0);
  EXPECT_ERROR(thymos_llm_next(llm, &token, &piece), THYMOS_ERROR_NO_DATA, thymos_llm_error(llm));

  /* A prompt that fills the context: nothing can follow it. */
  for (i = 0; i < (size_t)context; ++i)
    ids[i] = i ? 403 : 1;
  if (OK(thymos_llm_prompt_ids(llm, ids, (size_t)context), llm)) {
    CHECK(thymos_llm_position(llm) == context);
    CHECK(thymos_llm_logits(llm, &logits) == THYMOS_OK);
    EXPECT_ERROR(thymos_llm_next(llm, &token, &piece), THYMOS_ERROR_OUT_OF_RANGE,
                 thymos_llm_error(llm));
    CHECK(strstr(thymos_llm_error(llm), "full") != NULL);
    CHECK(thymos_llm_position(llm) == context);
  }
  /* One row short: one token is evaluated, then the context is full. */
  if (OK(thymos_llm_prompt_ids(llm, ids, (size_t)context - 1), llm)) {
    if (OK(thymos_llm_next(llm, &token, &piece), llm) && token != thymos_llm_eos(llm)) {
      CHECK(thymos_llm_position(llm) == context);
      CHECK(thymos_llm_next(llm, &token, &piece) == THYMOS_ERROR_OUT_OF_RANGE);
    }
  }
}

/* Greedy tokens are the argmax of the logits; a prompt starts over, so the
 * same prompt gives the same tokens, sampled or not. */
static void generation(ThymosLlm *greedy, const char *path) {
  enum { N = 12 };
  int32_t first[N], again[N], token;
  const char *piece;
  const float *logits;
  ThymosLlmParams params = thymos_llm_default_params();
  ThymosLlm *sampled;
  int i;

  if (OK(thymos_llm_prompt(greedy, "Once upon a time", true), greedy)) {
    CHECK(thymos_llm_position(greedy) == 5);
    for (i = 0; i < N; ++i) {
      if (!OK(thymos_llm_logits(greedy, &logits), greedy))
        break;
      token = argmax(logits, thymos_llm_vocab_size(greedy));
      if (!OK(thymos_llm_next(greedy, &first[i], &piece), greedy))
        break;
      CHECK(first[i] == token);
      CHECK(piece != NULL);
      CHECK(thymos_llm_position(greedy) == 6 + i);
    }
  }
  CHECK(run_tokens(greedy, again, N) && memcmp(first, again, sizeof first) == 0);

  /* " there": the first generated piece keeps its space. */
  if (OK(thymos_llm_prompt(greedy, "Once upon a time,", true), greedy) &&
      OK(thymos_llm_next(greedy, &token, &piece), greedy))
    CHECK(strcmp(piece, " there") == 0);

  params.seed = 7;
  params.threads = 2;
  sampled = load(path, &params);
  CHECK(sampled != NULL);
  if (sampled) {
    CHECK(run_tokens(sampled, first, N) && run_tokens(sampled, again, N) &&
          memcmp(first, again, sizeof first) == 0);
    thymos_llm_free(sampled);
  }
}

static int errors(const char *llama, const char *other) {
  ThymosLlmParams params = thymos_llm_default_params();
  ThymosLlm *llm;
  params.temperature = 0.0f;
  load_errors(llama, other);
  llm = load(llama, &params);
  if (!llm)
    return 1;
  CHECK(thymos_llm_eos(llm) == 2 && thymos_llm_vocab_size(llm) == 512);
  null_arguments(llm);
  prompt_errors(llm);
  generation(llm, llama);
  thymos_llm_free(llm);
  if (failures) {
    fprintf(stderr, "%d check(s) failed\n", failures);
    return 1;
  }
  printf("all checks passed\n");
  return 0;
}

int main(int argc, char **argv) {
  if (argc == 5 && strcmp(argv[1], "generate") == 0)
    return generate(argv[2], argv[3], atoi(argv[4]));
  if (argc == 4 && strcmp(argv[1], "errors") == 0)
    return errors(argv[2], argv[3]);
  fprintf(stderr, "usage: %s generate MODEL.plan PROMPT N\n"
                  "       %s errors MODEL.plan OTHER.plan\n",
          argv[0], argv[0]);
  return 2;
}
