/*===- first_program_test.c - The first program of <thymos/thymos.h> ------===*
 *
 * The sketch at the top of thymos.h and docs/c-api.md, compiled as C99 with
 * -Wall -Wextra -pedantic -Werror: the lines between SKETCH BEGIN and END
 * are that sketch verbatim, with data set on the inputs and the product read
 * back in between. The product is checked against one worked out by hand.
 * Then the same product through the full forms (int64_t shape,
 * THYMOS_DTYPE_F32, thymos_matmul_ex with transpose_b), which must agree.
 *
 *===----------------------------------------------------------------------===*/
#include <thymos/thymos.h>

#include <stdio.h>

#define MB (1024 * 1024)

static int failures = 0;

#define CHECK(cond)                                                          \
  do {                                                                       \
    if (!(cond)) {                                                           \
      fprintf(stderr, "%s:%d: check failed: %s\n", __FILE__, __LINE__, #cond); \
      ++failures;                                                            \
    }                                                                        \
  } while (0)

/* A = 1..16 row-major; B's columns pick (a + c, b + c, 2a + d, 2b + d) from
 * each row (a, b, c, d) of A. */
static const float kA[16] = {1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11, 12, 13, 14, 15, 16};
static const float kB[16] = {1, 0, 2, 0, 0, 1, 0, 2, 1, 1, 0, 0, 0, 0, 1, 1};
/* Bᵀ, for transpose_b. */
static const float kBt[16] = {1, 0, 1, 0, 0, 1, 1, 0, 2, 0, 0, 1, 0, 2, 0, 1};
static const float kProduct[16] = {4,  5,  6,  8,  12, 13, 18, 20,
                                   20, 21, 30, 32, 28, 29, 42, 44};

static void check_product(ThymosCtx *ctx, const ThymosTensor *c, const char *what) {
  const float *got = (const float *)thymos_tensor_data(ctx, c);
  int i;
  CHECK(got != NULL);
  if (!got) {
    fprintf(stderr, "%s: %s\n", what, thymos_ctx_error(ctx));
    return;
  }
  for (i = 0; i < 16; ++i)
    if (got[i] != kProduct[i]) {
      fprintf(stderr, "%s: element %d is %g, expected %g\n", what, i, got[i], kProduct[i]);
      ++failures;
    }
}

static void test_sketch(void) {
  /* SKETCH BEGIN */
  ThymosArena *arena = thymos_arena_create(512 * MB);
  ThymosCtx   *ctx   = thymos_ctx_init(arena);
  ThymosTensor *a = thymos_tensor(ctx, THYMOS_F32, (int[]){4, 4}, 2);
  ThymosTensor *b = thymos_tensor(ctx, THYMOS_F32, (int[]){4, 4}, 2);
  ThymosTensor *c = thymos_matmul(ctx, a, b);
  CHECK(thymos_tensor_set_data(ctx, a, kA, sizeof kA) == THYMOS_OK); /* not in the sketch */
  CHECK(thymos_tensor_set_data(ctx, b, kB, sizeof kB) == THYMOS_OK); /* not in the sketch */
  thymos_graph_validate(ctx);
  thymos_graph_run(ctx);
  check_product(ctx, c, "sketch"); /* not in the sketch */
  thymos_arena_destroy(arena);
  /* SKETCH END */
}

static void test_full_forms(void) {
  static const int64_t dims[] = {4, 4};
  ThymosArena *arena = thymos_arena_create(1 << 20);
  ThymosCtx *ctx = thymos_ctx_init(arena);
  ThymosTensor *a = thymos_tensor_ex(ctx, THYMOS_DTYPE_F32, dims, 2);
  ThymosTensor *bt = thymos_tensor_ex(ctx, THYMOS_DTYPE_F32, dims, 2);
  ThymosTensor *c = thymos_matmul_ex(ctx, a, bt, true);
  CHECK(THYMOS_F32 == THYMOS_DTYPE_F32 && THYMOS_Q8_0 == THYMOS_DTYPE_Q8_0);
  CHECK(thymos_tensor_set_data(ctx, a, kA, sizeof kA) == THYMOS_OK);
  CHECK(thymos_tensor_set_data(ctx, bt, kBt, sizeof kBt) == THYMOS_OK);
  CHECK(thymos_graph_output(ctx, c) == THYMOS_OK);
  CHECK(thymos_graph_validate(ctx) == THYMOS_OK);
  CHECK(thymos_graph_run(ctx) == THYMOS_OK);
  check_product(ctx, c, "matmul_ex(transpose_b)");
  thymos_arena_destroy(arena);
}

int main(void) {
  test_sketch();
  test_full_forms();
  if (failures) {
    fprintf(stderr, "%d check(s) failed\n", failures);
    return 1;
  }
  printf("first program: ok\n");
  return 0;
}
