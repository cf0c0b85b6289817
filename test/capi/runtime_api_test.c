/*===- runtime_api_test.c - The runtime's C API, from C99 -------------------===*
 *
 *   runtime_api_test linreg.plan
 *
 * Runs examples/linreg.thy (y = x·w + b, x: f32[64,4]) through
 * <thymos/thymos_runtime.h> and compares y with the same sum computed here.
 * The values are small integers and binary fractions, so every product and
 * partial sum is exact in f32 whatever order the kernel adds them in: the
 * comparison is equality. Then each error path must give a non-OK code and a
 * message, and leave the session usable. Run under valgrind too (see
 * CMakeLists.txt), so a leak on any path fails the test.
 *
 *===----------------------------------------------------------------------===*/
#include <thymos/thymos_runtime.h>

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

enum { ROWS = 64, COLS = 4 };

static int failures = 0;

#define CHECK(cond)                                                                    \
  do {                                                                                 \
    if (!(cond)) {                                                                     \
      fprintf(stderr, "%s:%d: check failed: %s\n", __FILE__, __LINE__, #cond);       \
      ++failures;                                                                      \
    }                                                                                  \
  } while (0)

/* A failed call: a non-OK code, the expected one, and a message to show. */
static void expect_error(ThymosStatus got, ThymosStatus want, const char *message,
                         int line) {
  if (got != want || message == NULL || message[0] == '\0') {
    fprintf(stderr, "%s:%d: wanted %s with a message, got %s \"%s\"\n", __FILE__, line,
            thymos_status_string(want), thymos_status_string(got), message ? message : "(null)");
    ++failures;
    return;
  }
  printf("  %-30s %s\n", thymos_status_string(got), message);
}
#define EXPECT_ERROR(call, want, message) expect_error((call), (want), (message), __LINE__)

static unsigned char *read_file(const char *path, size_t *size) {
  FILE *f = fopen(path, "rb");
  unsigned char *bytes = NULL;
  long n;
  if (!f)
    return NULL;
  if (fseek(f, 0, SEEK_END) == 0 && (n = ftell(f)) > 0 && fseek(f, 0, SEEK_SET) == 0) {
    bytes = malloc((size_t)n);
    if (bytes && fread(bytes, 1, (size_t)n, f) != (size_t)n) {
      free(bytes);
      bytes = NULL;
    }
    *size = (size_t)n;
  }
  fclose(f);
  return bytes;
}

static uint64_t read_le(const unsigned char *p, int bytes) {
  uint64_t v = 0;
  int i;
  for (i = bytes - 1; i >= 0; --i)
    v = v << 8 | p[i];
  return v;
}

/* Offset and size of the plan's Tensors section (kind 2), from the section
 * table after the 64-byte header (docs/plan-format.md). */
static int tensors_section(const unsigned char *plan, size_t size, size_t *offset,
                           size_t *bytes) {
  uint64_t sections = read_le(plan + 16, 4), i;
  for (i = 0; i < sections && 64 + 32 * (i + 1) <= size; ++i) {
    const unsigned char *entry = plan + 64 + 32 * i;
    if (read_le(entry, 4) == 2) {
      *offset = (size_t)read_le(entry + 8, 8);
      *bytes = (size_t)read_le(entry + 16, 8);
      return *offset + *bytes <= size && *bytes > 0;
    }
  }
  return 0;
}

static void test_load_errors(const unsigned char *plan_bytes, size_t plan_size) {
  char err[256];
  char small[8];
  ThymosPlan *plan = NULL;
  unsigned char *corrupt;
  size_t offset = 0, bytes = 0;

  printf("load errors:\n");
  EXPECT_ERROR(thymos_plan_load("/nonexistent/thymos/plan.bin", &plan, err, sizeof err),
               THYMOS_ERROR_IO, err);
  CHECK(plan == NULL);
  EXPECT_ERROR(thymos_plan_load_memory(plan_bytes, 100, &plan, err, sizeof err),
               THYMOS_ERROR_INVALID_PLAN, err);
  CHECK(plan == NULL);

  /* One flipped byte inside the Tensors section: its CRC-32 no longer matches. */
  CHECK(tensors_section(plan_bytes, plan_size, &offset, &bytes));
  corrupt = malloc(plan_size);
  CHECK(corrupt != NULL);
  if (corrupt && bytes > 0) {
    memcpy(corrupt, plan_bytes, plan_size);
    corrupt[offset + bytes / 2] ^= 0x5A;
    EXPECT_ERROR(thymos_plan_load_memory(corrupt, plan_size, &plan, err, sizeof err),
                 THYMOS_ERROR_INVALID_PLAN, err);
    CHECK(plan == NULL);
  }
  free(corrupt);

  /* A short buffer gets a truncated, terminated message; no buffer is fine. */
  memset(small, 'x', sizeof small);
  EXPECT_ERROR(thymos_plan_load_memory(plan_bytes, 10, &plan, small, sizeof small),
               THYMOS_ERROR_INVALID_PLAN, small);
  CHECK(strlen(small) == sizeof small - 1);
  CHECK(thymos_plan_load_memory(plan_bytes, 10, &plan, NULL, 0) == THYMOS_ERROR_INVALID_PLAN);
  EXPECT_ERROR(thymos_plan_load(NULL, &plan, err, sizeof err), THYMOS_ERROR_NULL_ARGUMENT,
               err);
}

/* x[i][j], w[j], b: small integers and binary fractions (exact in f32). */
static void make_inputs(float x[ROWS][COLS], float w[COLS], float *b) {
  static const float ws[COLS] = {0.5f, -1.25f, 2.0f, 0.75f};
  int i, j;
  for (i = 0; i < ROWS; ++i)
    for (j = 0; j < COLS; ++j)
      x[i][j] = (float)((i * COLS + j) % 7 - 3) + (j == 2 ? 0.5f : 0.0f);
  for (j = 0; j < COLS; ++j)
    w[j] = ws[j];
  *b = -1.5f;
}

static void check_prediction(ThymosSession *session, size_t entry, float x[ROWS][COLS],
                             const float w[COLS], float b) {
  ThymosTensorView y;
  const float *got;
  int i, j, wrong = 0;
  CHECK(thymos_session_run(session, entry) == THYMOS_OK);
  CHECK(thymos_session_error(session)[0] == '\0');
  CHECK(thymos_session_output(session, entry, 0, &y) == THYMOS_OK);
  CHECK(y.dtype == THYMOS_DTYPE_F32 && y.rank == 2 && y.dims[0] == ROWS && y.dims[1] == 1);
  CHECK(y.bytes == ROWS * sizeof(float) && strcmp(y.name, "y") == 0);
  got = (const float *)y.data;
  for (i = 0; i < ROWS; ++i) {
    float want = 0.0f;
    for (j = 0; j < COLS; ++j)
      want += x[i][j] * w[j];
    want += b;
    if (got[i] != want && wrong++ < 5)
      fprintf(stderr, "y[%d] = %g, expected %g\n", i, (double)got[i], (double)want);
  }
  CHECK(wrong == 0);
}

static void test_session(const ThymosPlan *plan, unsigned threads) {
  static float x[ROWS][COLS];
  float w[COLS], b, other[3] = {0, 0, 0};
  char err[256];
  ThymosSession *session = NULL;
  ThymosTensorView view;
  size_t entry = 99, count = 0;
  const char *name = NULL;

  printf("session with %u thread(s):\n", threads);
  CHECK(thymos_plan_entry_count(plan, &count) == THYMOS_OK && count == 1);
  CHECK(thymos_plan_entry_name(plan, 0, &name) == THYMOS_OK && strcmp(name, "predict") == 0);
  CHECK(thymos_plan_find_entry(plan, "predict", &entry) == THYMOS_OK && entry == 0);
  CHECK(thymos_plan_find_entry(plan, "train", &entry) == THYMOS_ERROR_NOT_FOUND);
  CHECK(thymos_plan_entry_name(plan, 1, &name) == THYMOS_ERROR_OUT_OF_RANGE);

  if (thymos_session_create(plan, threads, &session, err, sizeof err) != THYMOS_OK) {
    fprintf(stderr, "session_create: %s\n", err);
    ++failures;
    return;
  }
  CHECK(thymos_session_input_count(session, 0, &count) == THYMOS_OK && count == 3);
  CHECK(thymos_session_output_count(session, 0, &count) == THYMOS_OK && count == 1);

  make_inputs(x, w, &b);
  /* x is written in place through its view; w and b are copied in. */
  CHECK(thymos_session_input(session, 0, "x", &view) == THYMOS_OK);
  CHECK(view.dtype == THYMOS_DTYPE_F32 && view.rank == 2 && view.dims[0] == ROWS &&
        view.dims[1] == COLS && view.dims[2] == 0 && view.bytes == sizeof x);
  memcpy(view.data, x, sizeof x);
  CHECK(thymos_session_set_input(session, 0, "w", w, sizeof w) == THYMOS_OK);
  CHECK(thymos_session_input_at(session, 0, 2, &view) == THYMOS_OK && strcmp(view.name, "b") == 0);
  CHECK(thymos_session_set_input(session, 0, view.name, &b, sizeof b) == THYMOS_OK);
  check_prediction(session, 0, x, w, b);

  /* Every failure leaves a message and the session as it was. */
  EXPECT_ERROR(thymos_session_set_input(session, 0, "w", other, sizeof other),
               THYMOS_ERROR_SIZE_MISMATCH, thymos_session_error(session));
  EXPECT_ERROR(thymos_session_set_input(session, 0, "z", w, sizeof w), THYMOS_ERROR_NOT_FOUND,
               thymos_session_error(session));
  EXPECT_ERROR(thymos_session_input(session, 0, "z", &view), THYMOS_ERROR_NOT_FOUND,
               thymos_session_error(session));
  EXPECT_ERROR(thymos_session_input_at(session, 0, 3, &view), THYMOS_ERROR_OUT_OF_RANGE,
               thymos_session_error(session));
  EXPECT_ERROR(thymos_session_run(session, 1), THYMOS_ERROR_OUT_OF_RANGE,
               thymos_session_error(session));
  EXPECT_ERROR(thymos_session_input(session, 7, "x", &view), THYMOS_ERROR_OUT_OF_RANGE,
               thymos_session_error(session));
  EXPECT_ERROR(thymos_session_output(session, 0, 1, &view), THYMOS_ERROR_OUT_OF_RANGE,
               thymos_session_error(session));
  EXPECT_ERROR(thymos_session_output(session, (size_t)-1, 0, &view), THYMOS_ERROR_OUT_OF_RANGE,
               thymos_session_error(session));
  EXPECT_ERROR(thymos_session_state(session, "beta", &view), THYMOS_ERROR_NOT_FOUND,
               thymos_session_error(session));
  EXPECT_ERROR(thymos_session_output(session, 0, 0, NULL), THYMOS_ERROR_NULL_ARGUMENT,
               thymos_session_error(session));
  CHECK(thymos_session_run(NULL, 0) == THYMOS_ERROR_NULL_ARGUMENT);
  CHECK(thymos_session_error(NULL)[0] != '\0');
  /* Inputs keep their values across runs of the same entry. */
  check_prediction(session, 0, x, w, b);

  thymos_session_free(session);
}

int main(int argc, char **argv) {
  size_t size = 0;
  unsigned char *bytes;
  char err[256];
  ThymosPlan *plan = NULL;

  if (argc != 2) {
    fprintf(stderr, "usage: %s linreg.plan\n", argv[0]);
    return 2;
  }
  bytes = read_file(argv[1], &size);
  if (!bytes) {
    fprintf(stderr, "cannot read %s\n", argv[1]);
    return 2;
  }
  test_load_errors(bytes, size);

  if (thymos_plan_load(argv[1], &plan, err, sizeof err) != THYMOS_OK) {
    fprintf(stderr, "plan_load: %s\n", err);
    free(bytes);
    return 1;
  }
  CHECK(err[0] == '\0');
  test_session(plan, 1);
  test_session(plan, 3);
  thymos_plan_free(plan);

  /* The same plan from memory; the caller's copy may go at once. */
  CHECK(thymos_plan_load_memory(bytes, size, &plan, err, sizeof err) == THYMOS_OK);
  free(bytes);
  if (plan)
    test_session(plan, 1);
  thymos_plan_free(plan);
  thymos_session_free(NULL);
  thymos_plan_free(NULL);

  if (failures)
    fprintf(stderr, "%d check(s) failed\n", failures);
  else
    printf("all checks passed\n");
  return failures ? 1 : 0;
}
