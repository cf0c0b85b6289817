/*===- builder_test.c - The graph-building C API, from C99 ------------------===*
 *
 *   builder_test OUT.thy
 *
 * Builds y = x·w + b through <thymos/thymos.h>, validates it, and dumps it to
 * OUT.thy (CMakeLists.txt then has thymosc re-parse that file and checks the
 * text round-trips). Then each error path: a shape the type rule rejects,
 * an arena too small for the context or for a constant, and a NULL operand
 * for every builder, must give NULL and an error in the context, never a
 * crash. Run under valgrind too, so a leak on any path fails the test.
 *
 *===----------------------------------------------------------------------===*/
#include <thymos/thymos.h>

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

/* `text` contains `needle`; says which one is missing otherwise. */
static void expect_contains(const char *text, const char *needle, int line) {
  if (!strstr(text, needle)) {
    fprintf(stderr, "%s:%d: \"%s\" not found in:\n%s\n", __FILE__, line, needle, text);
    ++failures;
  }
}
#define EXPECT_CONTAINS(text, needle) expect_contains((text), (needle), __LINE__)

/* The builder's result is NULL and ctx holds `code` with a message. */
static void expect_error(ThymosCtx *ctx, const ThymosTensor *got, ThymosStatus code,
                         int line) {
  if (got != NULL || thymos_ctx_error_code(ctx) != code || thymos_ctx_error(ctx)[0] == '\0') {
    fprintf(stderr, "%s:%d: wanted NULL and error %d, got %s and %d \"%s\"\n", __FILE__, line,
            (int)code, got ? "a tensor" : "NULL", (int)thymos_ctx_error_code(ctx),
            thymos_ctx_error(ctx));
    ++failures;
  }
  thymos_ctx_clear_error(ctx);
}
#define EXPECT_ERROR(ctx, call, code) expect_error((ctx), (call), (code), __LINE__)

static char *read_text(const char *path) {
  FILE *f = fopen(path, "rb");
  char *text = NULL;
  long n;
  if (!f)
    return NULL;
  if (fseek(f, 0, SEEK_END) == 0 && (n = ftell(f)) >= 0 && fseek(f, 0, SEEK_SET) == 0) {
    text = malloc((size_t)n + 1);
    if (text && fread(text, 1, (size_t)n, f) == (size_t)n)
      text[n] = '\0';
    else {
      free(text);
      text = NULL;
    }
  }
  fclose(f);
  return text;
}

/* --- y = x·w + b ----------------------------------------------------------- */

static void test_linear_regression(const char *out_path) {
  static const int xd[] = {64, 4}, wd[] = {4, 1}, bd[] = {1};
  static const double half[] = {0.5};
  ThymosArena *arena = thymos_arena_create(1 << 16);
  ThymosCtx *ctx = thymos_ctx_init(arena);
  ThymosTensor *x, *w, *b, *y;
  FILE *out;
  char *text;
  CHECK(ctx != NULL);
  if (!ctx) {
    thymos_arena_destroy(arena);
    return;
  }
  x = thymos_tensor(ctx, THYMOS_F32, xd, 2);
  w = thymos_tensor(ctx, THYMOS_F32, wd, 2);
  b = thymos_constant(ctx, THYMOS_F32, bd, 1, half);
  y = thymos_add(ctx, thymos_matmul(ctx, x, w), b);
  CHECK(y != NULL);
  CHECK(thymos_tensor_dtype(y) == THYMOS_DTYPE_F32);
  CHECK(thymos_tensor_rank(y) == 2 && thymos_tensor_dim(y, 0) == 64 &&
        thymos_tensor_dim(y, 1) == 1);
  CHECK(thymos_graph_output(ctx, y) == THYMOS_OK);
  CHECK(thymos_graph_validate(ctx) == THYMOS_OK);
  CHECK(thymos_ctx_error_code(ctx) == THYMOS_OK);
  CHECK(thymos_arena_used(arena) > 0 && thymos_arena_used(arena) <= thymos_arena_size(arena));

  out = fopen(out_path, "w");
  CHECK(out != NULL);
  if (out) {
    CHECK(thymos_graph_dump(ctx, out) == THYMOS_OK);
    fclose(out);
  }
  text = read_text(out_path);
  CHECK(text != NULL);
  if (text) {
    printf("%s", text);
    EXPECT_CONTAINS(text, "module @c_api");
    EXPECT_CONTAINS(text, "graph @main(");
    EXPECT_CONTAINS(text, ": f32[64,4]");
    EXPECT_CONTAINS(text, "-> f32[64,1]");
    EXPECT_CONTAINS(text, "const {value = [0.5]} : () -> f32[1]");
    EXPECT_CONTAINS(text, "matmul %");
    EXPECT_CONTAINS(text, ": (f32[64,4], f32[4,1]) -> f32[64,1]");
    EXPECT_CONTAINS(text, ": (f32[64,1], f32[1]) -> f32[64,1]");
    EXPECT_CONTAINS(text, "return %");
    free(text);
  }
  thymos_arena_destroy(arena);
}

/* --- Errors ---------------------------------------------------------------- */

static void test_shape_error(void) {
  static const int64_t ad[] = {4, 3}, bd[] = {4, 1}, two[] = {2, 3}, six[] = {6}, twelve[] = {12};
  ThymosArena *arena = thymos_arena_create(1 << 16);
  ThymosCtx *ctx = thymos_ctx_init(arena);
  ThymosTensor *a = thymos_tensor_ex(ctx, THYMOS_DTYPE_F32, ad, 2);
  ThymosTensor *b = thymos_tensor_ex(ctx, THYMOS_DTYPE_F32, bd, 2);
  ThymosTensor *i = thymos_tensor_ex(ctx, THYMOS_DTYPE_I32, bd, 2);
  ThymosTensor *m = thymos_matmul(ctx, a, b);
  CHECK(m == NULL);
  CHECK(thymos_ctx_error_code(ctx) == THYMOS_ERROR_SHAPE);
  printf("  %s\n", thymos_ctx_error(ctx));
  EXPECT_CONTAINS(thymos_ctx_error(ctx), "'matmul' op inner dimensions differ (3 vs 4)");
  /* A nested call keeps the first error instead of reporting the NULL. */
  CHECK(thymos_add(ctx, m, b) == NULL);
  EXPECT_CONTAINS(thymos_ctx_error(ctx), "'matmul' op");
  thymos_ctx_clear_error(ctx);
  CHECK(thymos_ctx_error_code(ctx) == THYMOS_OK && thymos_ctx_error(ctx)[0] == '\0');

  /* An element type outside the operand's constraint. */
  EXPECT_ERROR(ctx, thymos_exp(ctx, i), THYMOS_ERROR_SHAPE);
  /* The three builders that take their target explicitly. */
  CHECK(thymos_reshape_ex(ctx, a, twelve, 1) != NULL);
  EXPECT_ERROR(ctx, thymos_reshape_ex(ctx, a, bd, 2), THYMOS_ERROR_SHAPE);
  EXPECT_ERROR(ctx, thymos_reshape_ex(ctx, a, six, -1), THYMOS_ERROR_SHAPE);
  EXPECT_ERROR(ctx, thymos_reshape_ex(ctx, a, NULL, 1), THYMOS_ERROR_NULL_ARGUMENT);
  CHECK(thymos_broadcast_ex(ctx, b, ad, 2) != NULL);
  EXPECT_ERROR(ctx, thymos_broadcast_ex(ctx, a, two, 2), THYMOS_ERROR_SHAPE);
  /* The int forms check the same things (a rank past the limit is not read). */
  CHECK(thymos_reshape(ctx, a, (const int[]){2, 6}, 2) != NULL);
  EXPECT_ERROR(ctx, thymos_reshape(ctx, a, (const int[]){5}, 1), THYMOS_ERROR_SHAPE);
  EXPECT_ERROR(ctx, thymos_reshape(ctx, a, NULL, 1), THYMOS_ERROR_NULL_ARGUMENT);
  EXPECT_ERROR(ctx, thymos_tensor(ctx, THYMOS_F32, (const int[]){2}, 99), THYMOS_ERROR_SHAPE);
  EXPECT_ERROR(ctx, thymos_tensor(ctx, THYMOS_F32, (const int[]){-2}, 1), THYMOS_ERROR_SHAPE);
  CHECK(thymos_tensor_dtype(thymos_cast(ctx, a, THYMOS_DTYPE_F64)) == THYMOS_DTYPE_F64);
  EXPECT_ERROR(ctx, thymos_cast(ctx, a, (ThymosDType)99), THYMOS_ERROR_SHAPE);
  /* Attributes: a bad axis, a negative count, a NULL array. */
  EXPECT_ERROR(ctx, thymos_softmax_ex(ctx, a, 5), THYMOS_ERROR_SHAPE);
  EXPECT_ERROR(ctx, thymos_sum_ex(ctx, a, six, -1, false), THYMOS_ERROR_SHAPE);
  EXPECT_ERROR(ctx, thymos_sum(ctx, a, NULL, 1), THYMOS_ERROR_NULL_ARGUMENT);
  /* Bad inputs. */
  EXPECT_ERROR(ctx, thymos_tensor_ex(ctx, THYMOS_DTYPE_F32, two, 9), THYMOS_ERROR_SHAPE);
  EXPECT_ERROR(ctx, thymos_tensor_ex(ctx, THYMOS_DTYPE_F32, NULL, 2), THYMOS_ERROR_NULL_ARGUMENT);
  EXPECT_ERROR(ctx, thymos_constant_ex(ctx, THYMOS_DTYPE_I32, six, 1, NULL),
               THYMOS_ERROR_NULL_ARGUMENT);
  /* Without thymos_graph_output(), the results nothing reads (the reshapes,
   * the broadcast, the cast) are the outputs, and the graph validates. */
  CHECK(thymos_graph_validate(ctx) == THYMOS_OK);
  thymos_arena_destroy(arena);
}

static void test_foreign_tensor(void) {
  static const int d[] = {4};
  ThymosArena *a1 = thymos_arena_create(4096), *a2 = thymos_arena_create(4096);
  ThymosCtx *c1 = thymos_ctx_init(a1), *c2 = thymos_ctx_init(a2);
  ThymosTensor *t1 = thymos_tensor(c1, THYMOS_F32, d, 1);
  ThymosTensor *t2 = thymos_tensor(c2, THYMOS_F32, d, 1);
  EXPECT_ERROR(c1, thymos_add(c1, t1, t2), THYMOS_ERROR_FOREIGN);
  CHECK(thymos_graph_output(c1, t2) == THYMOS_ERROR_FOREIGN);
  thymos_arena_destroy(a1);
  thymos_arena_destroy(a2);
}

static void test_arena_exhaustion(void) {
  static const int64_t big[] = {1000, 1000}, small[] = {2};
  static const double values[] = {1.0, 2.0};
  ThymosArena *tiny = thymos_arena_create(16);
  ThymosArena *arena = thymos_arena_create(4096);
  ThymosCtx *ctx;
  double *data = calloc(1000 * 1000, sizeof(double));
  CHECK(tiny != NULL && thymos_ctx_init(tiny) == NULL);
  CHECK(thymos_arena_used(tiny) == 0);
  thymos_arena_destroy(tiny);

  ctx = thymos_ctx_init(arena);
  CHECK(ctx != NULL && data != NULL);
  if (ctx && data) {
    EXPECT_ERROR(ctx, thymos_constant_ex(ctx, THYMOS_DTYPE_F64, big, 2, data),
                 THYMOS_ERROR_ARENA_FULL);
    /* The context stays usable for what still fits. */
    CHECK(thymos_constant_ex(ctx, THYMOS_DTYPE_F64, small, 1, values) != NULL);
    /* Fill the arena with handles until one does not fit. */
    while (thymos_tensor_ex(ctx, THYMOS_DTYPE_F32, small, 1) != NULL)
      ;
    CHECK(thymos_ctx_error_code(ctx) == THYMOS_ERROR_ARENA_FULL);
    printf("  %s\n", thymos_ctx_error(ctx));
  }
  free(data);
  thymos_arena_destroy(arena);
}

/* Every builder, short and _ex, given a NULL operand, returns NULL with an
 * error. */
static void test_null_operands(void) {
  static const int64_t d[] = {4, 4}, axes[] = {0}, perm[] = {1, 0};
  static const int di[] = {4, 4};
  ThymosArena *arena = thymos_arena_create(1 << 16);
  ThymosCtx *ctx = thymos_ctx_init(arena);
  ThymosTensor *x = thymos_tensor_ex(ctx, THYMOS_DTYPE_F32, d, 2);
  ThymosTensor *none[2] = {NULL, NULL};
  ThymosTensor *n = NULL;
  const ThymosStatus e = THYMOS_ERROR_NULL_ARGUMENT;
  EXPECT_ERROR(ctx, thymos_matmul(ctx, x, n), e);
  EXPECT_ERROR(ctx, thymos_matmul_ex(ctx, x, n, false), e);
  EXPECT_ERROR(ctx, thymos_cholesky(ctx, n), e);
  EXPECT_ERROR(ctx, thymos_triangular_solve(ctx, n, x), e);
  EXPECT_ERROR(ctx, thymos_triangular_solve_ex(ctx, n, x, true, false), e);
  EXPECT_ERROR(ctx, thymos_add(ctx, n, x), e);
  EXPECT_ERROR(ctx, thymos_sub(ctx, x, n), e);
  EXPECT_ERROR(ctx, thymos_mul(ctx, n, n), e);
  EXPECT_ERROR(ctx, thymos_div(ctx, n, x), e);
  EXPECT_ERROR(ctx, thymos_neg(ctx, n), e);
  EXPECT_ERROR(ctx, thymos_exp(ctx, n), e);
  EXPECT_ERROR(ctx, thymos_log(ctx, n), e);
  EXPECT_ERROR(ctx, thymos_sqrt(ctx, n), e);
  EXPECT_ERROR(ctx, thymos_rsqrt(ctx, n), e);
  EXPECT_ERROR(ctx, thymos_relu(ctx, n), e);
  EXPECT_ERROR(ctx, thymos_sigmoid(ctx, n), e);
  EXPECT_ERROR(ctx, thymos_tanh(ctx, n), e);
  EXPECT_ERROR(ctx, thymos_gelu(ctx, n), e);
  EXPECT_ERROR(ctx, thymos_silu(ctx, n), e);
  EXPECT_ERROR(ctx, thymos_cast(ctx, n, THYMOS_DTYPE_F16), e);
  EXPECT_ERROR(ctx, thymos_softmax(ctx, n), e);
  EXPECT_ERROR(ctx, thymos_softmax_ex(ctx, n, -1), e);
  EXPECT_ERROR(ctx, thymos_sum(ctx, n, axes, 1), e);
  EXPECT_ERROR(ctx, thymos_sum_ex(ctx, n, axes, 1, false), e);
  EXPECT_ERROR(ctx, thymos_mean(ctx, n, axes, 1), e);
  EXPECT_ERROR(ctx, thymos_mean_ex(ctx, n, axes, 1, true), e);
  EXPECT_ERROR(ctx, thymos_max(ctx, n, axes, 1), e);
  EXPECT_ERROR(ctx, thymos_max_ex(ctx, n, axes, 1, false), e);
  EXPECT_ERROR(ctx, thymos_rmsnorm(ctx, x, n), e);
  EXPECT_ERROR(ctx, thymos_rmsnorm_ex(ctx, x, n, 1e-5), e);
  EXPECT_ERROR(ctx, thymos_layernorm(ctx, x, x, n), e);
  EXPECT_ERROR(ctx, thymos_layernorm_ex(ctx, x, x, n, 1e-5), e);
  EXPECT_ERROR(ctx, thymos_transpose(ctx, n, perm, 2), e);
  EXPECT_ERROR(ctx, thymos_reshape(ctx, n, di, 2), e);
  EXPECT_ERROR(ctx, thymos_reshape_ex(ctx, n, d, 2), e);
  EXPECT_ERROR(ctx, thymos_broadcast(ctx, n, di, 2), e);
  EXPECT_ERROR(ctx, thymos_broadcast_ex(ctx, n, d, 2), e);
  EXPECT_ERROR(ctx, thymos_slice(ctx, n, axes, 1, axes, 1), e);
  EXPECT_ERROR(ctx, thymos_slice_ex(ctx, n, axes, 1, axes, 1, NULL, 0), e);
  EXPECT_ERROR(ctx, thymos_concat(ctx, none, 2, 0), e);
  EXPECT_ERROR(ctx, thymos_concat(ctx, NULL, 2, 0), e);
  EXPECT_ERROR(ctx, thymos_gather(ctx, x, n), e);
  EXPECT_ERROR(ctx, thymos_gather_ex(ctx, x, n, 0), e);
  CHECK(thymos_graph_output(ctx, n) == e);
  CHECK(thymos_graph_dump(ctx, NULL) == e);

  /* A NULL context: nothing to report into, but no crash either. */
  CHECK(thymos_add(NULL, x, x) == NULL);
  CHECK(thymos_tensor(NULL, THYMOS_F32, di, 2) == NULL);
  CHECK(thymos_tensor_ex(NULL, THYMOS_DTYPE_F32, d, 2) == NULL);
  CHECK(thymos_graph_validate(NULL) == e);
  CHECK(thymos_ctx_error_code(NULL) == e);
  CHECK(thymos_ctx_init(NULL) == NULL);
  thymos_arena_destroy(NULL);
  thymos_arena_destroy(arena);
}

int main(int argc, char **argv) {
  if (argc != 2) {
    fprintf(stderr, "usage: %s OUT.thy\n", argv[0]);
    return 2;
  }
  test_linear_regression(argv[1]);
  test_shape_error();
  test_foreign_tensor();
  test_arena_exhaustion();
  test_null_operands();
  if (failures) {
    fprintf(stderr, "%d check(s) failed\n", failures);
    return 1;
  }
  printf("all checks passed\n");
  return 0;
}
