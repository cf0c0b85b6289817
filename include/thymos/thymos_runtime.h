/*===- thymos/thymos_runtime.h - Embedding the Thymos runtime from C -------===*
 *
 * Load a plan compiled by `thymosc model.thy -o plan.bin`, bind its inputs,
 * run it on the CPU, and read its outputs, from C99 or C++. The library is
 * the static libthymos_runtime.a (pkg-config: thymos-runtime); it needs the
 * C++ standard library at link time and nothing else.
 *
 * A first program, for `graph @predict(%x: f32[64,4], %w: f32[4,1],
 * %b: f32[1]) -> f32[64,1]` (examples/linreg.thy):
 *
 *   char err[256];
 *   ThymosPlan *plan = NULL;
 *   if (thymos_plan_load("linreg.plan", &plan, err, sizeof err) != THYMOS_OK) {
 *     fprintf(stderr, "%s\n", err);
 *     return 1;
 *   }
 *   ThymosSession *session = NULL;
 *   size_t entry = 0;
 *   thymos_plan_find_entry(plan, "predict", &entry);
 *   if (thymos_session_create(plan, 1, &session, err, sizeof err) != THYMOS_OK) ...
 *
 *   // Either copy an input in (the size is checked) ...
 *   thymos_session_set_input(session, entry, "w", w, sizeof w);
 *   thymos_session_set_input(session, entry, "b", b, sizeof b);
 *   // ... or write it in place through a view.
 *   ThymosTensorView x;
 *   thymos_session_input(session, entry, "x", &x);
 *   fill_rows((float *)x.data, x.dims[0], x.dims[1]);
 *
 *   if (thymos_session_run(session, entry) != THYMOS_OK)
 *     fprintf(stderr, "%s\n", thymos_session_error(session));
 *   ThymosTensorView y;
 *   thymos_session_output(session, entry, 0, &y);
 *   use((const float *)y.data, y.dims[0]);
 *
 *   thymos_session_free(session);
 *   thymos_plan_free(plan);
 *
 * Conventions:
 *   - Every function that can fail returns a ThymosStatus (shared with
 *     <thymos/thymos.h>, see <thymos/thymos_common.h>); THYMOS_OK is 0.
 *     Nothing throws across this header and nothing aborts.
 *   - Error messages: functions that create a handle write a one-line,
 *     NUL-terminated message into the caller's `err` buffer (truncated to
 *     `errlen`; `err` may be NULL). A failed call on a session leaves its
 *     message in thymos_session_error(). Plan queries only return a code;
 *     thymos_status_string() names it. There is no global error state.
 *   - Out-parameters are written only on success.
 *
 * Ownership and lifetimes:
 *   - A plan is immutable once loaded and must outlive every session created
 *     from it. One plan may back several sessions, used from different
 *     threads at the same time.
 *   - A session owns the memory of its tensors (the arena and the state) and
 *     a pool of `threads` threads. Use a session from one thread at a time.
 *   - Views (ThymosTensorView) point into session memory and stay valid until
 *     the session is freed; names in views belong to the plan.
 *   - What the memory holds follows the plan format (docs/plan-format.md,
 *     section 9): an entry's inputs keep their values across repeated runs
 *     of that entry, but entries share one arena, so running another entry
 *     overwrites them, and an output holds its value until the next run.
 *     State persists across runs of every entry; it starts zeroed.
 *
 *===----------------------------------------------------------------------===*/
#ifndef THYMOS_THYMOS_RUNTIME_H
#define THYMOS_THYMOS_RUNTIME_H

#include <stddef.h>
#include <stdint.h>

/* ThymosStatus, ThymosDType, thymos_status_string(), thymos_dtype_name(). */
#include <thymos/thymos_common.h>

#ifdef __cplusplus
extern "C" {
#endif

/* The most dimensions a tensor can have (the plan format's limit). */
#define THYMOS_MAX_RANK 8

/* A loaded, validated plan. Opaque. */
typedef struct ThymosPlan ThymosPlan;
/* The memory and threads to run a plan's entries. Opaque. */
typedef struct ThymosSession ThymosSession;

/* A tensor in session memory: row-major, densely packed. */
typedef struct ThymosTensorView {
  void *data;                       /* session memory; valid until the session is freed */
  const char *name;                 /* owned by the plan; "" when the value has no name */
  int dtype;                        /* a ThymosDType */
  int rank;                         /* 0 for a scalar */
  int64_t dims[THYMOS_MAX_RANK];    /* dims[rank..] are 0 */
  size_t bytes;                     /* storage size of the whole tensor */
} ThymosTensorView;

/*--- Plans ---------------------------------------------------------------*/

/* Maps and validates the plan file at `path`. */
ThymosStatus thymos_plan_load(const char *path, ThymosPlan **plan, char *err,
                              size_t errlen);
/* Validates a copy of `size` bytes; `bytes` may be freed once this returns. */
ThymosStatus thymos_plan_load_memory(const void *bytes, size_t size, ThymosPlan **plan,
                                     char *err, size_t errlen);
/* Frees a plan; NULL is a no-op. Free its sessions first. */
void thymos_plan_free(ThymosPlan *plan);

ThymosStatus thymos_plan_entry_count(const ThymosPlan *plan, size_t *count);
/* `*name` belongs to the plan. */
ThymosStatus thymos_plan_entry_name(const ThymosPlan *plan, size_t entry, const char **name);
/* The index of the entry named `name` (without the '@'). */
ThymosStatus thymos_plan_find_entry(const ThymosPlan *plan, const char *name, size_t *entry);

/*--- Sessions ------------------------------------------------------------*/

/* Allocates the arena and the (zeroed) state and starts `threads` threads in
 * all, the caller's included: 1 runs everything on the calling thread, 0
 * uses one per hardware thread. */
ThymosStatus thymos_session_create(const ThymosPlan *plan, unsigned threads,
                                   ThymosSession **session, char *err, size_t errlen);
/* Frees a session, its memory and its threads; NULL is a no-op. */
void thymos_session_free(ThymosSession *session);
/* The message of the last failed call on `session`; "" if the last call
 * succeeded. Valid until the next call on the session. */
const char *thymos_session_error(const ThymosSession *session);

ThymosStatus thymos_session_input_count(ThymosSession *session, size_t entry, size_t *count);
ThymosStatus thymos_session_output_count(ThymosSession *session, size_t entry, size_t *count);

/* The input of `entry` named `name` (without the '%'), to write into. */
ThymosStatus thymos_session_input(ThymosSession *session, size_t entry, const char *name,
                                  ThymosTensorView *view);
/* The same, by position in the graph's argument list. */
ThymosStatus thymos_session_input_at(ThymosSession *session, size_t entry, size_t index,
                                     ThymosTensorView *view);
/* Copies `bytes` bytes into the input named `name`; `bytes` must equal the
 * input's size (THYMOS_ERROR_SIZE_MISMATCH otherwise, and nothing is copied). */
ThymosStatus thymos_session_set_input(ThymosSession *session, size_t entry,
                                      const char *name, const void *data, size_t bytes);

/* Runs every step of `entry`, then applies its state updates. Performs no
 * heap allocation unless it fails. */
ThymosStatus thymos_session_run(ThymosSession *session, size_t entry);

/* Output `index` of `entry`, in the order of the graph's `return`. Read it
 * after thymos_session_run(). */
ThymosStatus thymos_session_output(ThymosSession *session, size_t entry, size_t index,
                                   ThymosTensorView *view);
/* The state named `name` (without the '@'): read it, or write it to set the
 * state before a run. */
ThymosStatus thymos_session_state(ThymosSession *session, const char *name,
                                  ThymosTensorView *view);

#ifdef __cplusplus
} /* extern "C" */
#endif

#endif /* THYMOS_THYMOS_RUNTIME_H */
