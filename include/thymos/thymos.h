/*===- thymos/thymos.h - Building Thymos graphs from C ---------------------===*
 *
 * Build a graph op by op, check it with the verifier thymosc uses, plan it
 * with thymosc's pipeline and memory planner, and run it on the CPU kernels,
 * from C99 or C++; or write it out as .thy text or a plan.bin. Link
 * libthymos_capi (a static C++ library: link with the C++ driver or add
 * libstdc++).
 *
 * A first program, the product of two 4x4 matrices:
 *
 *   #define MB (1024 * 1024)
 *   ThymosArena *arena = thymos_arena_create(512 * MB);
 *   ThymosCtx   *ctx   = thymos_ctx_init(arena);     // NULL if the arena is too small
 *   ThymosTensor *a = thymos_tensor(ctx, THYMOS_F32, (int[]){4, 4}, 2);  // inputs
 *   ThymosTensor *b = thymos_tensor(ctx, THYMOS_F32, (int[]){4, 4}, 2);
 *   ThymosTensor *c = thymos_matmul(ctx, a, b);
 *   thymos_tensor_set_data(ctx, a, as, sizeof as);   // float as[16], bs[16]
 *   thymos_tensor_set_data(ctx, b, bs, sizeof bs);
 *   thymos_graph_validate(ctx);
 *   if (thymos_graph_run(ctx) != THYMOS_OK)          // validates and plans first
 *     fprintf(stderr, "%s\n", thymos_ctx_error(ctx));
 *   else
 *     use((const float *)thymos_tensor_data(ctx, c));  // 16 values, row-major
 *   thymos_arena_destroy(arena);       // frees everything, ctx included
 *
 * c is an output because nothing reads it. Name outputs explicitly, add
 * constants, and print the graph, for y = x·w + b:
 *
 *   ThymosTensor *x = thymos_tensor(ctx, THYMOS_F32, (int[]){64, 4}, 2);
 *   ThymosTensor *w = thymos_tensor(ctx, THYMOS_F32, (int[]){4, 1}, 2);
 *   const double half[] = {0.5};
 *   ThymosTensor *b = thymos_constant(ctx, THYMOS_F32, (int[]){1}, 1, half);
 *   ThymosTensor *y = thymos_add(ctx, thymos_matmul(ctx, x, w), b);
 *   thymos_graph_output(ctx, y);
 *   thymos_graph_dump(ctx, stdout);  // module @c_api { graph @main(...) ... }
 *
 * Conventions:
 *   - Short names for a first program, full forms beside them. Element types
 *     are THYMOS_F32, ... (aliases of THYMOS_DTYPE_F32, ...). A function
 *     that takes a shape takes `const int *dims`; its `_ex` form takes
 *     `const int64_t *dims` (thymos_tensor_ex, thymos_constant_ex, ...).
 *   - Builders per op, generated from ir/Ops.td into thymos_ops.h: they take
 *     the context, the operands, then the attributes, and return a new
 *     tensor whose type the op's type rule derives. thymos_<op> leaves out
 *     the attributes that have defaults (thymos_matmul(ctx, a, b));
 *     thymos_<op>_ex takes every one of them, in ir/Ops.td order
 *     (thymos_matmul_ex(ctx, a, b, transpose_b)). Ops without defaulted
 *     attributes or a shape argument have one builder, without `_ex`.
 *   - The graph returns the tensors given to thymos_graph_output(), in that
 *     order; without any, it returns every op result that nothing reads.
 *   - Errors live in the context: a builder returns NULL, other functions a
 *     non-zero ThymosStatus (the codes of <thymos/thymos_runtime.h> too, see
 *     <thymos/thymos_common.h>), and thymos_ctx_error() has the message, e.g.
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
 *   - thymos_graph_plan() carves the plan's bytes, its working memory and
 *     its states out of the arena too: size the arena for the graph's
 *     largest live set plus its constants (thymos_arena_used() tells).
 *   - The graph itself is the compiler's C++ IR (ir::Module), and the loaded
 *     plan has an index of its records; that bookkeeping lives on the C++
 *     heap, outside the arena's byte count. thymos_arena_destroy() releases
 *     it together with the arena.
 *   - A context and its arena are used from one thread at a time.
 *
 *===----------------------------------------------------------------------===*/
#ifndef THYMOS_THYMOS_H
#define THYMOS_THYMOS_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>

/* ThymosStatus, ThymosDType, thymos_status_string(), thymos_dtype_name(). */
#include <thymos/thymos_common.h>

#ifdef __cplusplus
extern "C" {
#endif

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

ThymosStatus thymos_ctx_error_code(const ThymosCtx *ctx);
/* The last error's message ("" when none); valid until the next error. */
const char *thymos_ctx_error(const ThymosCtx *ctx);
void thymos_ctx_clear_error(ThymosCtx *ctx);

/* --- Tensors -------------------------------------------------------------- */

/* A graph input of `rank` dimensions (rank 0 is a scalar; dims may then be
 * NULL). Inputs become the graph's arguments in creation order. */
ThymosTensor *thymos_tensor(ThymosCtx *ctx, ThymosDType dtype, const int *dims, int rank);
/* The same with int64_t dimensions (one past INT_MAX, or an int64_t shape
 * at hand). */
ThymosTensor *thymos_tensor_ex(ThymosCtx *ctx, ThymosDType dtype, const int64_t *dims,
                               int rank);
/* A constant; `values` holds all elements, row-major, and is copied into the
 * arena. Integer element types need integral values. */
ThymosTensor *thymos_constant(ThymosCtx *ctx, ThymosDType dtype, const int *dims, int rank,
                              const double *values);
ThymosTensor *thymos_constant_ex(ThymosCtx *ctx, ThymosDType dtype, const int64_t *dims,
                                 int rank, const double *values);

/* A persistent state `@name`: read by the graph, kept between runs, changed
 * only by thymos_state_update(). It starts zeroed unless given data. */
ThymosTensor *thymos_state(ThymosCtx *ctx, const char *name, ThymosDType dtype,
                           const int *dims, int rank);
ThymosTensor *thymos_state_ex(ThymosCtx *ctx, const char *name, ThymosDType dtype,
                              const int64_t *dims, int rank);
/* After a run, `state` takes the value `value` had (all updates at once, so
 * every read during the run sees the old contents). */
ThymosStatus thymos_state_update(ThymosCtx *ctx, ThymosTensor *state, ThymosTensor *value);

ThymosDType thymos_tensor_dtype(const ThymosTensor *tensor);
int thymos_tensor_rank(const ThymosTensor *tensor);
/* Dimension `i`, or -1 when out of range. */
int64_t thymos_tensor_dim(const ThymosTensor *tensor, int i);
/* Storage size in bytes (row-major, densely packed). */
size_t thymos_tensor_bytes(const ThymosTensor *tensor);

/* Gives an input or a state its contents: exactly thymos_tensor_bytes()
 * bytes, copied into the arena (the first call reserves the room; later
 * calls reuse it, so feeding batches in a loop does not fill the arena). */
ThymosStatus thymos_tensor_set_data(ThymosCtx *ctx, ThymosTensor *tensor, const void *data,
                                    size_t bytes);
/* The contents of an input or a state, or of a graph output after
 * thymos_graph_run(): row-major, valid until the graph changes or the next
 * run. NULL with the error set for any other tensor. */
const void *thymos_tensor_data(ThymosCtx *ctx, const ThymosTensor *tensor);

/* --- The graph ------------------------------------------------------------ */

/* Appends `tensor` to the values the graph returns. Until the first call,
 * the graph returns every op result that no op or state update reads, in
 * creation order (so a graph's last op is its output without this call). */
ThymosStatus thymos_graph_output(ThymosCtx *ctx, ThymosTensor *tensor);
/* Runs the verifier of thymosc; every violation is collected into the
 * context's message, one per line. */
ThymosStatus thymos_graph_validate(ThymosCtx *ctx);
/* Writes the module as .thy text (`module @c_api`, `graph @main`). */
ThymosStatus thymos_graph_dump(ThymosCtx *ctx, FILE *out);

/* Validates, runs thymosc's CPU pipeline on a copy of the graph, lowers it
 * and loads the plan with the runtime's validating loader. The plan's bytes,
 * its working memory and its states are carved out of the arena. Building
 * more ops afterwards discards the plan (the next run plans again; the old
 * plan's arena bytes come back if nothing was allocated after them). */
ThymosStatus thymos_graph_plan(ThymosCtx *ctx);
/* Runs the graph on the calling thread, planning first if needed. Every
 * input needs data; outputs are read with thymos_tensor_data(). */
ThymosStatus thymos_graph_run(ThymosCtx *ctx);
/* Writes the plan (planning first if needed) as a plan.bin for thymos-run
 * or the runtime API of <thymos/thymos_runtime.h>. */
ThymosStatus thymos_graph_write_plan(ThymosCtx *ctx, FILE *out);

#ifdef __cplusplus
}
#endif

#endif /* THYMOS_THYMOS_H */
