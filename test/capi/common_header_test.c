/*===- common_header_test.c - One status enum and one dtype enum ------------===*
 *
 * Both C headers in one translation unit: they must compile together (the
 * status codes and element types are defined once, in thymos_common.h and
 * thymos_dtype.h), every status code must be distinct and named by
 * thymos_status_string(), every element type named by thymos_dtype_name(),
 * and both libraries must report the same code for the same condition.
 * Built twice: as is, and with THYMOS_NO_DEPRECATED_NAMES, where the old
 * spellings are hidden and the headers must not need them.
 *
 *===----------------------------------------------------------------------===*/
#include <thymos/thymos.h>
#include <thymos/thymos_runtime.h>
/* Included again: the include guards make it harmless. */
#include <thymos/thymos_common.h>

#include <stdio.h>
#include <string.h>

static int failures = 0;

#define CHECK(cond)                                                                    \
  do {                                                                                 \
    if (!(cond)) {                                                                     \
      fprintf(stderr, "%s:%d: check failed: %s\n", __FILE__, __LINE__, #cond);       \
      ++failures;                                                                      \
    }                                                                                  \
  } while (0)

struct Named {
  int code;
  const char *name;
};

#define NAMED(code) {code, #code}

/* Every code, with the name thymos_status_string() must give it. */
static const struct Named kStatuses[] = {
    NAMED(THYMOS_OK),
    NAMED(THYMOS_ERROR_NULL_ARGUMENT),
    NAMED(THYMOS_ERROR_IO),
    NAMED(THYMOS_ERROR_INVALID_PLAN),
    NAMED(THYMOS_ERROR_NOT_FOUND),
    NAMED(THYMOS_ERROR_OUT_OF_RANGE),
    NAMED(THYMOS_ERROR_SIZE_MISMATCH),
    NAMED(THYMOS_ERROR_OUT_OF_MEMORY),
    NAMED(THYMOS_ERROR_RUN_FAILED),
    NAMED(THYMOS_ERROR_INTERNAL),
    NAMED(THYMOS_ERROR_SHAPE),
    NAMED(THYMOS_ERROR_ARENA_FULL),
    NAMED(THYMOS_ERROR_FOREIGN),
    NAMED(THYMOS_ERROR_INVALID_GRAPH),
    NAMED(THYMOS_ERROR_WRITE),
    NAMED(THYMOS_ERROR_PLAN_FAILED),
    NAMED(THYMOS_ERROR_NO_DATA),
};

/* The element types, with the codes of ir/OpBase.td. */
static const struct Named kDTypes[] = {
    {THYMOS_DTYPE_F64, "f64"},   {THYMOS_DTYPE_F32, "f32"}, {THYMOS_DTYPE_F16, "f16"},
    {THYMOS_DTYPE_BF16, "bf16"}, {THYMOS_DTYPE_I32, "i32"}, {THYMOS_DTYPE_I8, "i8"},
    {THYMOS_DTYPE_Q8_0, "q8_0"}, {THYMOS_DTYPE_Q4_0, "q4_0"},
    {THYMOS_DTYPE_Q4_K, "q4_k"}, {THYMOS_DTYPE_Q5_K, "q5_k"},
    {THYMOS_DTYPE_Q6_K, "q6_k"},
};

#define COUNT(array) (sizeof(array) / sizeof((array)[0]))

static void checkStatuses(void) {
  size_t i, j;
  CHECK(THYMOS_OK == 0);
  CHECK(COUNT(kStatuses) == THYMOS_NUM_STATUS_CODES);
  for (i = 0; i < COUNT(kStatuses); ++i) {
    const char *name = thymos_status_string((ThymosStatus)kStatuses[i].code);
    CHECK(kStatuses[i].code >= 0 && kStatuses[i].code < THYMOS_NUM_STATUS_CODES);
    for (j = 0; j < i; ++j)
      if (kStatuses[i].code == kStatuses[j].code) {
        fprintf(stderr, "%s and %s share the code %d\n", kStatuses[i].name, kStatuses[j].name,
                kStatuses[i].code);
        ++failures;
      }
    if (strcmp(name, kStatuses[i].name) != 0) {
      fprintf(stderr, "thymos_status_string(%d) is \"%s\", not \"%s\"\n", kStatuses[i].code,
              name, kStatuses[i].name);
      ++failures;
    }
  }
  CHECK(strcmp(thymos_status_string((ThymosStatus)THYMOS_NUM_STATUS_CODES),
               "(unknown status)") == 0);
  CHECK(strcmp(thymos_status_string(THYMOS_STATUS_MAX_ENUM), "(unknown status)") == 0);
}

/* The old spellings name the merged codes. */
static void checkDeprecatedNames(void) {
#ifndef THYMOS_NO_DEPRECATED_NAMES
  ThymosStatusCode runtimeCode = THYMOS_ERROR_INVALID_ARGUMENT;
  ThymosErrorCode builderCode = THYMOS_ERROR_NONE;
  CHECK(runtimeCode == THYMOS_ERROR_NULL_ARGUMENT);
  CHECK(builderCode == THYMOS_OK);
  CHECK(THYMOS_ERROR_RUN == THYMOS_ERROR_RUN_FAILED);
  CHECK(THYMOS_ERROR_UNEXPECTED == THYMOS_ERROR_INTERNAL);
  CHECK(THYMOS_ERROR_PLAN == THYMOS_ERROR_PLAN_FAILED);
#elif defined(THYMOS_ERROR_NONE) || defined(THYMOS_ERROR_INVALID_ARGUMENT) ||                 \
    defined(THYMOS_ERROR_RUN) || defined(THYMOS_ERROR_UNEXPECTED) || defined(THYMOS_ERROR_PLAN)
#error "THYMOS_NO_DEPRECATED_NAMES leaves an old spelling defined"
#endif
}

static void checkDTypes(void) {
  size_t i;
  CHECK(COUNT(kDTypes) == THYMOS_NUM_DTYPES);
  for (i = 0; i < COUNT(kDTypes); ++i) {
    CHECK(kDTypes[i].code == (int)i); /* codes 0..n-1, in order */
    if (strcmp(thymos_dtype_name(kDTypes[i].code), kDTypes[i].name) != 0) {
      fprintf(stderr, "thymos_dtype_name(%d) is \"%s\", not \"%s\"\n", kDTypes[i].code,
              thymos_dtype_name(kDTypes[i].code), kDTypes[i].name);
      ++failures;
    }
  }
  CHECK(strcmp(thymos_dtype_name(THYMOS_NUM_DTYPES), "(unknown dtype)") == 0);
  CHECK(strcmp(thymos_dtype_name(-1), "(unknown dtype)") == 0);
}

/* The same type from both libraries, and the same code for the same fault. */
static void checkBothLibraries(void) {
  ThymosStatus (*builderRun)(ThymosCtx *) = thymos_graph_run;
  ThymosStatus (*sessionRun)(ThymosSession *, size_t) = thymos_session_run;
  ThymosArena *arena = thymos_arena_create(1 << 16);
  ThymosCtx *ctx = thymos_ctx_init(arena);
  const int dims[] = {2};
  char bytes[3] = {0};
  ThymosTensor *x;

  CHECK(builderRun(NULL) == THYMOS_ERROR_NULL_ARGUMENT);
  CHECK(sessionRun(NULL, 0) == THYMOS_ERROR_NULL_ARGUMENT);
  /* A wrong byte count: the builder's set_data and the session's set_input
   * agree on the code. */
  CHECK(ctx != NULL);
  x = thymos_tensor(ctx, THYMOS_F32, dims, 1);
  CHECK(thymos_tensor_set_data(ctx, x, bytes, sizeof bytes) == THYMOS_ERROR_SIZE_MISMATCH);
  CHECK(thymos_ctx_error_code(ctx) == THYMOS_ERROR_SIZE_MISMATCH);
  thymos_arena_destroy(arena);
}

int main(void) {
  checkStatuses();
  checkDeprecatedNames();
  checkDTypes();
  checkBothLibraries();
  if (failures) {
    fprintf(stderr, "%d check(s) failed\n", failures);
    return 1;
  }
  printf("%d status codes and %d element types, one enum each\n", THYMOS_NUM_STATUS_CODES,
         THYMOS_NUM_DTYPES);
  return 0;
}
