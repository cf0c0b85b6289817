/*===- linreg.c - Linear regression built and run through the C API ---------===*
 *
 *   linreg TRAIN.csv TEST.csv
 *
 * Reads two CSV files whose last column is the target (a header line is
 * skipped), builds the least-squares fit as a Thymos graph in f64 — the
 * normal equations XᵀX·β = Xᵀy solved with cholesky and two triangular
 * solves, an intercept column prepended to X — runs it, then builds a second
 * graph that predicts the test rows, and prints the coefficients and the
 * test R². With no arguments it fits generated data with known
 * coefficients instead.
 *
 *===----------------------------------------------------------------------===*/
#include <thymos/thymos.h>

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

typedef struct Table {
  double *values; /* rows x cols, row-major */
  int rows, cols;
} Table;

/* Reads a numeric CSV with one header line; 0 on success. */
static int read_csv(const char *path, Table *table) {
  FILE *file = fopen(path, "r");
  char line[8192];
  int capacity = 0;
  table->values = NULL;
  table->rows = table->cols = 0;
  if (!file) {
    fprintf(stderr, "linreg: cannot open '%s'\n", path);
    return 1;
  }
  if (!fgets(line, sizeof line, file)) {
    fprintf(stderr, "linreg: %s is empty\n", path);
    fclose(file);
    return 1;
  }
  while (fgets(line, sizeof line, file)) {
    int cols = 0;
    char *cursor = line;
    if (line[0] == '\n' || line[0] == '\0')
      continue;
    for (;;) {
      char *end;
      double value = strtod(cursor, &end);
      if (end == cursor) {
        fprintf(stderr, "linreg: %s:%d: column %d is not a number\n", path, table->rows + 2,
                cols + 1);
        fclose(file);
        return 1;
      }
      if (table->rows * table->cols + cols >= capacity) {
        capacity = capacity ? capacity * 2 : 4096;
        table->values = realloc(table->values, (size_t)capacity * sizeof(double));
        if (!table->values) {
          fclose(file);
          return 1;
        }
      }
      table->values[table->rows * table->cols + cols] = value;
      ++cols;
      cursor = end;
      if (*cursor != ',')
        break;
      ++cursor;
    }
    if (table->cols == 0) {
      if (cols > 64) {
        fprintf(stderr, "linreg: %s has more than 64 columns\n", path);
        fclose(file);
        return 1;
      }
      table->cols = cols;
    } else if (cols != table->cols) {
      fprintf(stderr, "linreg: %s:%d: %d columns, expected %d\n", path, table->rows + 2, cols,
              table->cols);
      fclose(file);
      return 1;
    }
    ++table->rows;
  }
  fclose(file);
  if (table->rows == 0 || table->cols < 2) {
    fprintf(stderr, "linreg: %s needs at least one row of features and a target\n", path);
    return 1;
  }
  return 0;
}

/* The design matrix [1, x] and the targets, split out of a table. */
static void split(const Table *table, double *design, double *targets) {
  int d = table->cols - 1;
  for (int i = 0; i < table->rows; ++i) {
    design[i * (d + 1)] = 1.0;
    for (int j = 0; j < d; ++j)
      design[i * (d + 1) + j + 1] = table->values[i * table->cols + j];
    targets[i] = table->values[i * table->cols + d];
  }
}

static int report(ThymosCtx *ctx, const char *what) {
  fprintf(stderr, "linreg: %s: %s\n", what, thymos_ctx_error(ctx));
  return 1;
}

/* β = (XᵀX)⁻¹Xᵀy through the graph; 0 on success. */
static int fit(const double *design, const double *targets, int n, int d, double *beta) {
  ThymosArena *arena = thymos_arena_create((size_t)64 << 20);
  ThymosCtx *ctx = thymos_ctx_init(arena);
  const int xd[] = {n, d}, yd[] = {n, 1};
  const int64_t perm[] = {1, 0};
  int status = 0;
  ThymosTensor *x = thymos_tensor(ctx, THYMOS_F64, xd, 2);
  ThymosTensor *y = thymos_tensor(ctx, THYMOS_F64, yd, 2);
  ThymosTensor *xt = thymos_transpose(ctx, x, perm, 2);
  ThymosTensor *l = thymos_cholesky(ctx, thymos_matmul(ctx, xt, x));
  /* L z = Xᵀy, then Lᵀ β = z: the second solve needs transpose_a, an _ex attribute. */
  ThymosTensor *z = thymos_triangular_solve(ctx, l, thymos_matmul(ctx, xt, y));
  ThymosTensor *solution = thymos_triangular_solve_ex(ctx, l, z, true, true);
  if (thymos_graph_output(ctx, solution) != THYMOS_OK ||
      thymos_tensor_set_data(ctx, x, design, (size_t)n * d * sizeof(double)) ||
      thymos_tensor_set_data(ctx, y, targets, (size_t)n * sizeof(double)) ||
      thymos_graph_run(ctx) != THYMOS_OK)
    status = report(ctx, "fit");
  else
    memcpy(beta, thymos_tensor_data(ctx, solution), (size_t)d * sizeof(double));
  printf("fit: arena %zu of %zu bytes used\n", thymos_arena_used(arena), thymos_arena_size(arena));
  thymos_arena_destroy(arena);
  return status;
}

/* Predictions X·β, through a second graph with β as a constant. */
static int predict(const double *design, int n, int d, const double *beta, double *out) {
  ThymosArena *arena = thymos_arena_create((size_t)16 << 20);
  ThymosCtx *ctx = thymos_ctx_init(arena);
  const int xd[] = {n, d}, bd[] = {d, 1};
  int status = 0;
  ThymosTensor *x = thymos_tensor(ctx, THYMOS_F64, xd, 2);
  ThymosTensor *b = thymos_constant(ctx, THYMOS_F64, bd, 2, beta);
  ThymosTensor *y = thymos_matmul(ctx, x, b);
  if (thymos_graph_output(ctx, y) != THYMOS_OK ||
      thymos_tensor_set_data(ctx, x, design, (size_t)n * d * sizeof(double)) ||
      thymos_graph_run(ctx) != THYMOS_OK)
    status = report(ctx, "predict");
  else
    memcpy(out, thymos_tensor_data(ctx, y), (size_t)n * sizeof(double));
  thymos_arena_destroy(arena);
  return status;
}

/* Generated data: y = 3 + 2·x1 − x2 + small noise. */
static void generate(Table *table, int rows) {
  unsigned seed = 1;
  table->rows = rows;
  table->cols = 3;
  table->values = malloc((size_t)rows * 3 * sizeof(double));
  for (int i = 0; table->values && i < rows; ++i) {
    double v[3];
    for (int j = 0; j < 3; ++j) {
      seed = seed * 1103515245u + 12345u;
      v[j] = ((seed >> 8) & 0xFFFF) / 32768.0 - 1.0;
    }
    table->values[i * 3] = v[0];
    table->values[i * 3 + 1] = v[1];
    table->values[i * 3 + 2] = 3.0 + 2.0 * v[0] - v[1] + 0.01 * v[2];
  }
}

int main(int argc, char **argv) {
  Table train, test;
  if (argc == 3) {
    if (read_csv(argv[1], &train) || read_csv(argv[2], &test))
      return 1;
    if (test.cols != train.cols) {
      fprintf(stderr, "linreg: the files have %d and %d columns\n", train.cols, test.cols);
      return 1;
    }
  } else if (argc == 1) {
    printf("no data given: fitting y = 3 + 2*x1 - x2 + noise\n");
    generate(&train, 200);
    generate(&test, 50);
  } else {
    fprintf(stderr, "usage: linreg [TRAIN.csv TEST.csv]\n");
    return 2;
  }
  if (!train.values || !test.values)
    return 1;

  int d = train.cols; /* features + intercept */
  double *design = malloc((size_t)train.rows * d * sizeof(double));
  double *targets = malloc((size_t)train.rows * sizeof(double));
  double *test_design = malloc((size_t)test.rows * d * sizeof(double));
  double *test_targets = malloc((size_t)test.rows * sizeof(double));
  double *predicted = malloc((size_t)test.rows * sizeof(double));
  double *beta = malloc((size_t)d * sizeof(double));
  int status = 1;
  if (design && targets && test_design && test_targets && predicted && beta) {
    split(&train, design, targets);
    split(&test, test_design, test_targets);
    if (!fit(design, targets, train.rows, d, beta) &&
        !predict(test_design, test.rows, d, beta, predicted)) {
      double mean = 0, ss_res = 0, ss_tot = 0;
      for (int i = 0; i < test.rows; ++i)
        mean += test_targets[i] / test.rows;
      for (int i = 0; i < test.rows; ++i) {
        ss_res += (test_targets[i] - predicted[i]) * (test_targets[i] - predicted[i]);
        ss_tot += (test_targets[i] - mean) * (test_targets[i] - mean);
      }
      printf("intercept = %.6f\n", beta[0]);
      for (int j = 1; j < d; ++j)
        printf("coef[%d] = %.6f\n", j - 1, beta[j]);
      printf("test_r2 = %.10f\n", 1.0 - ss_res / ss_tot);
      status = 0;
    }
  }
  free(design), free(targets), free(test_design), free(test_targets), free(predicted),
      free(beta);
  free(train.values), free(test.values);
  return status;
}
