/*===- thymos/thymos.h - Building Thymos graphs from C ---------------------===*
 *
 * Build a graph op by op, check it with the verifier thymosc uses, and write
 * it out as .thy text, from C99 or C++. Link libthymos_capi (a static C++
 * library: link with the C++ driver or add libstdc++).
 *
 * A first program, y = x·w + b:
 *
 *   ThymosArena *arena = thymos_arena_create(1 << 20);
 *   ThymosCtx *ctx = thymos_ctx_init(arena);
 *   if (!ctx) ...                             // the arena is too small
 *
 *   const int64_t xd[] = {64, 4}, wd[] = {4, 1}, bd[] = {1};
 *   ThymosTensor *x = thymos_tensor(ctx, THYMOS_DTYPE_F32, xd, 2);  // an input
 *   ThymosTensor *w = thymos_tensor(ctx, THYMOS_DTYPE_F32, wd, 2);
 *   const double half[] = {0.5};
 *   ThymosTensor *b = thymos_constant(ctx, THYMOS_DTYPE_F32, bd, 1, half);
 *   ThymosTensor *y = thymos_add(ctx, thymos_matmul(ctx, x, w, false), b);
 *   thymos_graph_output(ctx, y);
 *
 *   if (thymos_graph_validate(ctx) != THYMOS_ERROR_NONE)
 *     fprintf(stderr, "%s\n", thymos_ctx_error(ctx));
 *   else
 *     thymos_graph_dump(ctx, stdout);  // module @c_api { graph @main(...) ... }
 *
 *   thymos_arena_destroy(arena);       // frees everything, ctx included
 *
 * Conventions:
 *   - One builder per op (generated from ir/Ops.td into thymos_ops.h): it
 *     takes the context, the operands, then one parameter per attribute, and
 *     returns a new tensor whose type the op's type rule derives.
 *   - Errors live in the context: a builder returns NULL, other functions a
 *     non-zero ThymosErrorCode, and thymos_ctx_error() has the message, e.g.
 *     "'matmul' op inner dimensions differ (4 vs 3)". A NULL operand is an
 *     error too, so calls can be nested and checked once at the end. There
 *     is no global error state and nothing aborts.
 *   - A later error replaces an earlier one; thymos_ctx_clear_error() resets.
 *
 * Memory:
 *   - thymos_arena_create() makes the one allocation of the C API; the
 *     context, the tensor handles, constant data and the error text are
 *     carved out of it bump-style and never freed one by one. When it runs
 *     out, the call fails with THYMOS_ERROR_ARENA_FULL.
 *   - The graph itself is the compiler's C++ IR (ir::Module), whose
 *     bookkeeping lives on the C++ heap, outside the arena's byte count;
 *     thymos_arena_destroy() releases it together with the arena.
 *   - A context and its arena are used from one thread at a time.
 *
 *===----------------------------------------------------------------------===*/
#ifndef THYMOS_THYMOS_H
#define THYMOS_THYMOS_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>

#ifdef __cplusplus
extern "C" {
#endif

typedef enum ThymosErrorCode {
  THYMOS_ERROR_NONE = 0,
  THYMOS_ERROR_NULL_ARGUMENT = 1, /* a NULL context, tensor or array */
  THYMOS_ERROR_SHAPE = 2,         /* a shape, element type or attribute the op rejects */
  THYMOS_ERROR_ARENA_FULL = 3,    /* the arena has no room left */
  THYMOS_ERROR_FOREIGN = 4,       /* a tensor from another context */
  THYMOS_ERROR_INVALID_GRAPH = 5, /* thymos_graph_validate() found a violation */
  THYMOS_ERROR_WRITE = 6,         /* thymos_graph_dump() could not write the file */
  THYMOS_ERROR_UNEXPECTED = 7     /* anything else; a bug worth reporting */
} ThymosErrorCode;

/* The memory of a context. Opaque. */
typedef struct ThymosArena ThymosArena;
/* A graph under construction and its last error. Opaque. */
typedef struct ThymosCtx ThymosCtx;
/* A value of the graph: an input, a constant or an op's result. Opaque. */
typedef struct ThymosTensor ThymosTensor;

#include <thymos/thymos_ops.h>

/* --- Arena and context ---------------------------------------------------- */

/* NULL when `bytes` cannot be allocated. */
ThymosArena *thymos_arena_create(size_t bytes);
/* Frees the arena, its context and the context's graph. NULL is a no-op. */
void thymos_arena_destroy(ThymosArena *arena);
/* Bytes handed out so far, for sizing arenas. */
size_t thymos_arena_used(const ThymosArena *arena);
size_t thymos_arena_size(const ThymosArena *arena);

/* The context of `arena` (created on the first call; later calls return the
 * same one). NULL when the arena is NULL or too small to hold it. */
ThymosCtx *thymos_ctx_init(ThymosArena *arena);

ThymosErrorCode thymos_ctx_error_code(const ThymosCtx *ctx);
/* The last error's message ("" when none); valid until the next error. */
const char *thymos_ctx_error(const ThymosCtx *ctx);
void thymos_ctx_clear_error(ThymosCtx *ctx);

/* --- Tensors -------------------------------------------------------------- */

/* A graph input of `rank` dimensions (rank 0 is a scalar; dims may then be
 * NULL). Inputs become the graph's arguments in creation order. */
ThymosTensor *thymos_tensor(ThymosCtx *ctx, ThymosDType dtype, const int64_t *dims, int rank);
/* A constant; `values` holds all elements, row-major, and is copied into the
 * arena. Integer element types need integral values. */
ThymosTensor *thymos_constant(ThymosCtx *ctx, ThymosDType dtype, const int64_t *dims, int rank,
                              const double *values);

ThymosDType thymos_tensor_dtype(const ThymosTensor *tensor);
int thymos_tensor_rank(const ThymosTensor *tensor);
/* Dimension `i`, or -1 when out of range. */
int64_t thymos_tensor_dim(const ThymosTensor *tensor, int i);

/* --- The graph ------------------------------------------------------------ */

/* Appends `tensor` to the values the graph returns. */
ThymosErrorCode thymos_graph_output(ThymosCtx *ctx, ThymosTensor *tensor);
/* Runs the verifier of thymosc; every violation is collected into the
 * context's message, one per line. */
ThymosErrorCode thymos_graph_validate(ThymosCtx *ctx);
/* Writes the module as .thy text (`module @c_api`, `graph @main`). */
ThymosErrorCode thymos_graph_dump(ThymosCtx *ctx, FILE *out);

#ifdef __cplusplus
}
#endif

#endif /* THYMOS_THYMOS_H */
