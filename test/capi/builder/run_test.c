/*===- run_test.c - Planning and running C-built graphs, from C99 -----------===*
 *
 * Builds graphs through <thymos/thymos.h>, runs them on the CPU runtime and
 * checks the numbers against values computed here independently: a plain C
 * loop for x·w + b, Gaussian elimination with partial pivoting for the
 * normal equations (the graph uses cholesky and triangular_solve), a
 * counter for state. Then the error paths of planning and running: an arena
 * with room for the graph but not for its plan, an input without data, a
 * graph without outputs, data asked of an intermediate. The plan written by
 * thymos_graph_write_plan() must load and give the same result through the
 * runtime API of <thymos/thymos_runtime.h>.
 *
 *===----------------------------------------------------------------------===*/
#include <thymos/thymos.h>
#include <thymos/thymos_runtime.h>

#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

static int failures = 0;

#define CHECK(cond)                                                                    \
  do {                                                                                 \
    if (!(cond)) {                                                                     \
      fprintf(stderr, "%s:%d: CHECK(%s) failed\n", __FILE__, __LINE__, #cond);         \
      ++failures;                                                                      \
    }                                                                                  \
  } while (0)

static void expect_contains(const char *text, const char *needle, int line) {
  if (!text || !strstr(text, needle)) {
    fprintf(stderr, "%s:%d: expected \"%s\" in \"%s\"\n", __FILE__, line, needle,
            text ? text : "(null)");
    ++failures;
  }
}
#define EXPECT_CONTAINS(text, needle) expect_contains((text), (needle), __LINE__)

/* A deterministic pseudo-random value in [-1, 1). */
static double next_uniform(unsigned *seed) {
  *seed = *seed * 1103515245u + 12345u;
  return ((*seed >> 8) & 0xFFFF) / 32768.0 - 1.0;
}

/* y = x·w + b in f32, checked against a C loop. */
static void test_affine(void) {
  enum { N = 64, D = 4 };
  ThymosArena *arena = thymos_arena_create(1 << 20);
  ThymosCtx *ctx = thymos_ctx_init(arena);
  const int xd[] = {N, D}, wd[] = {D, 1}, bd[] = {1};
  ThymosTensor *x = thymos_tensor(ctx, THYMOS_F32, xd, 2);
  ThymosTensor *w = thymos_tensor(ctx, THYMOS_F32, wd, 2);
  const double half[] = {0.5};
  ThymosTensor *b = thymos_constant(ctx, THYMOS_F32, bd, 1, half);
  ThymosTensor *y = thymos_add(ctx, thymos_matmul(ctx, x, w), b);
  CHECK(thymos_graph_output(ctx, y) == THYMOS_OK);

  float xs[N * D], ws[D] = {1.5f, -2.0f, 0.25f, 3.0f};
  unsigned seed = 7;
  for (int i = 0; i < N * D; ++i)
    xs[i] = (float)next_uniform(&seed);
  CHECK(thymos_tensor_bytes(x) == sizeof xs);

  /* Running before every input has data is an error that names the input. */
  CHECK(thymos_tensor_set_data(ctx, x, xs, sizeof xs) == THYMOS_OK);
  CHECK(thymos_graph_run(ctx) == THYMOS_ERROR_NO_DATA);
  EXPECT_CONTAINS(thymos_ctx_error(ctx), "input #1 (f32[4,1]) has no data");
  /* A size that is not the tensor's is refused. */
  CHECK(thymos_tensor_set_data(ctx, w, ws, sizeof ws - 1) == THYMOS_ERROR_SIZE_MISMATCH);
  EXPECT_CONTAINS(thymos_ctx_error(ctx), "holds 16 bytes, got 15");
  CHECK(thymos_tensor_set_data(ctx, w, ws, sizeof ws) == THYMOS_OK);

  CHECK(thymos_graph_run(ctx) == THYMOS_OK);
  const float *ys = (const float *)thymos_tensor_data(ctx, y);
  CHECK(ys != NULL);
  double worst = 0;
  for (int i = 0; ys && i < N; ++i) {
    double expected = 0.5;
    for (int j = 0; j < D; ++j)
      expected += (double)xs[i * D + j] * ws[j];
    worst = fmax(worst, fabs(ys[i] - expected));
  }
  CHECK(worst < 1e-5);

  /* New data, same plan: set_data reuses its arena slot. */
  size_t used = thymos_arena_used(arena);
  for (int j = 0; j < D; ++j)
    ws[j] = -ws[j];
  CHECK(thymos_tensor_set_data(ctx, w, ws, sizeof ws) == THYMOS_OK);
  CHECK(thymos_graph_run(ctx) == THYMOS_OK);
  CHECK(thymos_arena_used(arena) == used);
  ys = (const float *)thymos_tensor_data(ctx, y);
  double expected0 = 0.5;
  for (int j = 0; j < D; ++j)
    expected0 += (double)xs[j] * ws[j];
  CHECK(ys && fabs(ys[0] - expected0) < 1e-5);

  /* An intermediate has no data of its own. */
  ThymosTensor *z = thymos_mul(ctx, y, y);
  CHECK(thymos_tensor_data(ctx, z) == NULL);
  CHECK(thymos_ctx_error_code(ctx) == THYMOS_ERROR_NO_DATA);
  /* Growing the graph after a run: the next run plans again and gives the
   * old plan's arena bytes back, since nothing was carved after them. */
  CHECK(thymos_graph_output(ctx, z) == THYMOS_OK);
  size_t before_plan = thymos_arena_used(arena);
  CHECK(thymos_graph_run(ctx) == THYMOS_OK);
  const float *zs = (const float *)thymos_tensor_data(ctx, z);
  CHECK(zs && fabs(zs[0] - expected0 * expected0) < 1e-4);
  CHECK(thymos_arena_used(arena) > before_plan);
  thymos_arena_destroy(arena);
}

/* Solves A·x = b (n ≤ 8) by Gaussian elimination with partial pivoting. */
static void solve_dense(int n, double a[8][8], double *b) {
  for (int k = 0; k < n; ++k) {
    int p = k;
    for (int i = k + 1; i < n; ++i)
      if (fabs(a[i][k]) > fabs(a[p][k]))
        p = i;
    for (int j = 0; j < n; ++j) {
      double t = a[k][j];
      a[k][j] = a[p][j];
      a[p][j] = t;
    }
    double t = b[k];
    b[k] = b[p];
    b[p] = t;
    for (int i = k + 1; i < n; ++i) {
      double f = a[i][k] / a[k][k];
      for (int j = k; j < n; ++j)
        a[i][j] -= f * a[k][j];
      b[i] -= f * b[k];
    }
  }
  for (int i = n - 1; i >= 0; --i) {
    for (int j = i + 1; j < n; ++j)
      b[i] -= a[i][j] * b[j];
    b[i] /= a[i][i];
  }
}

/* Least squares by the normal equations, in f64: XᵀX = L·Lᵀ, then two
 * triangular solves. */
static void test_normal_equations(void) {
  enum { N = 50, D = 3 };
  ThymosArena *arena = thymos_arena_create(1 << 20);
  ThymosCtx *ctx = thymos_ctx_init(arena);
  /* The int64_t forms, as before the short names existed. */
  const int64_t xd[] = {N, D}, yd[] = {N, 1}, perm[] = {1, 0};
  ThymosTensor *x = thymos_tensor_ex(ctx, THYMOS_DTYPE_F64, xd, 2);
  ThymosTensor *y = thymos_tensor_ex(ctx, THYMOS_DTYPE_F64, yd, 2);
  ThymosTensor *xt = thymos_transpose(ctx, x, perm, 2);
  ThymosTensor *l = thymos_cholesky(ctx, thymos_matmul_ex(ctx, xt, x, false));
  ThymosTensor *rhs = thymos_matmul_ex(ctx, xt, y, false);
  ThymosTensor *half = thymos_triangular_solve_ex(ctx, l, rhs, true, false);
  ThymosTensor *beta = thymos_triangular_solve_ex(ctx, l, half, true, true);
  CHECK(thymos_graph_output(ctx, beta) == THYMOS_OK);

  double xs[N * D], ys[N];
  unsigned seed = 42;
  for (int i = 0; i < N; ++i) {
    xs[i * D] = 1.0; /* the intercept column */
    xs[i * D + 1] = next_uniform(&seed) * 3;
    xs[i * D + 2] = next_uniform(&seed);
    ys[i] = 2.0 - 1.25 * xs[i * D + 1] + 0.5 * xs[i * D + 2] + 0.1 * next_uniform(&seed);
  }
  CHECK(thymos_tensor_set_data(ctx, x, xs, sizeof xs) == THYMOS_OK);
  CHECK(thymos_tensor_set_data(ctx, y, ys, sizeof ys) == THYMOS_OK);
  CHECK(thymos_graph_run(ctx) == THYMOS_OK);
  const double *got = (const double *)thymos_tensor_data(ctx, beta);

  double a[8][8] = {{0}}, b[8] = {0};
  for (int i = 0; i < N; ++i)
    for (int j = 0; j < D; ++j) {
      b[j] += xs[i * D + j] * ys[i];
      for (int k = 0; k < D; ++k)
        a[j][k] += xs[i * D + j] * xs[i * D + k];
    }
  solve_dense(D, a, b);
  for (int j = 0; got && j < D; ++j)
    CHECK(fabs(got[j] - b[j]) <= 1e-10 * fmax(1.0, fabs(b[j])));
  CHECK(got && fabs(got[1] + 1.25) < 0.05); /* and near the generating slope */
  thymos_arena_destroy(arena);
}

/* A state counts the runs; its initial value comes from set_data. */
static void test_state(void) {
  ThymosArena *arena = thymos_arena_create(1 << 16);
  ThymosCtx *ctx = thymos_ctx_init(arena);
  const int one[] = {1};
  ThymosTensor *n = thymos_state(ctx, "runs", THYMOS_F64, one, 1);
  const double step[] = {1.0};
  ThymosTensor *next = thymos_add(ctx, n, thymos_constant(ctx, THYMOS_F64, one, 1, step));
  CHECK(thymos_state_update(ctx, n, next) == THYMOS_OK);
  CHECK(thymos_graph_output(ctx, n) == THYMOS_OK);
  /* Bad names and a second declaration are refused. */
  CHECK(thymos_state(ctx, "runs", THYMOS_F64, one, 1) == NULL);
  EXPECT_CONTAINS(thymos_ctx_error(ctx), "@runs is already declared");
  CHECK(thymos_state_ex(ctx, "9lives", THYMOS_DTYPE_F64, (const int64_t[]){1}, 1) == NULL);
  CHECK(thymos_ctx_error_code(ctx) == THYMOS_ERROR_INVALID_GRAPH);
  const int two[] = {2};
  ThymosTensor *other = thymos_tensor(ctx, THYMOS_F64, two, 1);
  CHECK(thymos_state_update(ctx, n, other) == THYMOS_ERROR_SHAPE);
  CHECK(thymos_state_update(ctx, other, n) == THYMOS_ERROR_INVALID_GRAPH);
  thymos_ctx_clear_error(ctx);
  /* `other` became an input: give it data so the graph can run. */
  const double pair[] = {0, 0};
  CHECK(thymos_tensor_set_data(ctx, other, pair, sizeof pair) == THYMOS_OK);

  const double start[] = {10.0};
  CHECK(thymos_tensor_set_data(ctx, n, start, sizeof start) == THYMOS_OK);
  for (int i = 0; i < 3; ++i)
    CHECK(thymos_graph_run(ctx) == THYMOS_OK);
  const double *seen = (const double *)thymos_tensor_data(ctx, n);
  /* After three runs the state is 13; the output of the last run saw 12. */
  CHECK(seen && seen[0] == 13.0);
  thymos_arena_destroy(arena);
}

/* Room for the graph, not for its plan: an error, and the arena as before. */
static void test_plan_arena_full(void) {
  ThymosArena *arena = thymos_arena_create(4096);
  ThymosCtx *ctx = thymos_ctx_init(arena);
  const int d[] = {64, 64};
  ThymosTensor *a = thymos_tensor(ctx, THYMOS_F32, d, 2);
  CHECK(thymos_graph_output(ctx, thymos_matmul(ctx, a, a)) == THYMOS_OK);
  size_t used = thymos_arena_used(arena);
  CHECK(thymos_graph_plan(ctx) == THYMOS_ERROR_ARENA_FULL);
  EXPECT_CONTAINS(thymos_ctx_error(ctx), "the arena is full");
  CHECK(thymos_arena_used(arena) == used);

  /* Running needs the plan too; data of 16 KiB does not fit either. */
  static float big[64 * 64];
  CHECK(thymos_tensor_set_data(ctx, a, big, sizeof big) == THYMOS_ERROR_ARENA_FULL);
  CHECK(thymos_graph_run(ctx) == THYMOS_ERROR_ARENA_FULL);
  thymos_arena_destroy(arena);
}

static void test_graph_without_outputs(void) {
  ThymosArena *arena = thymos_arena_create(1 << 16);
  ThymosCtx *ctx = thymos_ctx_init(arena);
  const int d[] = {2};
  thymos_tensor(ctx, THYMOS_F32, d, 1);
  CHECK(thymos_graph_plan(ctx) == THYMOS_ERROR_INVALID_GRAPH);
  EXPECT_CONTAINS(thymos_ctx_error(ctx), "does not end with 'return'");
  thymos_arena_destroy(arena);
}

/* The written plan runs the same through the runtime API. */
static void test_write_plan(void) {
  ThymosArena *arena = thymos_arena_create(1 << 18);
  ThymosCtx *ctx = thymos_ctx_init(arena);
  const int d[] = {3};
  ThymosTensor *x = thymos_tensor(ctx, THYMOS_F32, d, 1);
  ThymosTensor *y = thymos_exp(ctx, x);
  CHECK(thymos_graph_output(ctx, y) == THYMOS_OK);
  FILE *file = tmpfile();
  CHECK(file != NULL);
  if (!file) {
    thymos_arena_destroy(arena);
    return;
  }
  CHECK(thymos_graph_write_plan(ctx, file) == THYMOS_OK);
  long size = ftell(file);
  CHECK(size > 0);
  rewind(file);
  unsigned char *bytes = malloc((size_t)size);
  CHECK(bytes && fread(bytes, 1, (size_t)size, file) == (size_t)size);
  fclose(file);

  char err[256];
  ThymosPlan *plan = NULL;
  ThymosSession *session = NULL;
  CHECK(thymos_plan_load_memory(bytes, (size_t)size, &plan, err, sizeof err) == THYMOS_OK);
  free(bytes);
  CHECK(plan && thymos_session_create(plan, 1, &session, err, sizeof err) == THYMOS_OK);
  const float xs[] = {0.0f, 1.0f, -2.0f};
  ThymosTensorView in;
  CHECK(session && thymos_session_input_at(session, 0, 0, &in) == THYMOS_OK);
  if (session) {
    memcpy(in.data, xs, sizeof xs);
    CHECK(thymos_session_run(session, 0) == THYMOS_OK);
    ThymosTensorView out;
    CHECK(thymos_session_output(session, 0, 0, &out) == THYMOS_OK);
    const float *ys = (const float *)out.data;
    for (int i = 0; i < 3; ++i)
      CHECK(fabs(ys[i] - exp(xs[i])) <= 1e-6 * exp(xs[i]));
  }
  thymos_session_free(session);
  thymos_plan_free(plan);
  thymos_arena_destroy(arena);
}

int main(void) {
  test_affine();
  test_normal_equations();
  test_state();
  test_plan_arena_full();
  test_graph_without_outputs();
  test_write_plan();
  if (failures) {
    fprintf(stderr, "%d check(s) failed\n", failures);
    return 1;
  }
  printf("all C API run checks passed\n");
  return 0;
}
