/*===- embed_plan.c - Running a compiled plan from a C program --------------===*
 *
 *   embed_plan PLAN.bin [ENTRY]
 *
 * What an application embedding Thymos does, with nothing but
 * libthymos_runtime (no compiler, no LLVM): load a plan made by
 * `thymosc model.thy -o plan.bin`, list its entries, fill the inputs of one
 * entry (the first unless ENTRY names another) with a deterministic ramp,
 * run it twice, and print each output's shape and first values.
 *
 *===----------------------------------------------------------------------===*/
#include <thymos/thymos_runtime.h>

#include <stdio.h>
#include <string.h>

/* The ramp 0, 0.1, 0.2, ... in the input's element type (f32, f64, i32). */
static int fill(ThymosTensorView *view) {
  size_t count = 1;
  for (int d = 0; d < view->rank; ++d)
    count *= (size_t)view->dims[d];
  for (size_t i = 0; i < count; ++i) {
    double value = (double)(i % 10) / 10.0;
    switch (view->dtype) {
    case THYMOS_DTYPE_F64: ((double *)view->data)[i] = value; break;
    case THYMOS_DTYPE_F32: ((float *)view->data)[i] = (float)value; break;
    case THYMOS_DTYPE_I32: ((int *)view->data)[i] = (int)(i % 10); break;
    default:
      fprintf(stderr, "embed_plan: input '%s' is %s; this example fills f64, f32 and i32\n",
              view->name, thymos_dtype_name(view->dtype));
      return 1;
    }
  }
  return 0;
}

static void print_view(const char *what, const ThymosTensorView *view) {
  size_t count = 1;
  printf("%s %s: %s[", what, view->name[0] ? view->name : "(unnamed)",
         thymos_dtype_name(view->dtype));
  for (int d = 0; d < view->rank; ++d) {
    printf(d ? ",%lld" : "%lld", (long long)view->dims[d]);
    count *= (size_t)view->dims[d];
  }
  printf("] =");
  for (size_t i = 0; i < count && i < 6; ++i) {
    if (view->dtype == THYMOS_DTYPE_F64)
      printf(" %.6g", ((const double *)view->data)[i]);
    else if (view->dtype == THYMOS_DTYPE_F32)
      printf(" %.6g", ((const float *)view->data)[i]);
    else if (view->dtype == THYMOS_DTYPE_I32)
      printf(" %d", ((const int *)view->data)[i]);
  }
  printf(count > 6 ? " ...\n" : "\n");
}

int main(int argc, char **argv) {
  char err[512];
  ThymosPlan *plan = NULL;
  ThymosSession *session = NULL;
  size_t entries = 0, entry = 0, inputs = 0, outputs = 0;
  int status = 1;
  if (argc < 2 || argc > 3) {
    fprintf(stderr, "usage: embed_plan PLAN.bin [ENTRY]\n");
    return 2;
  }
  if (thymos_plan_load(argv[1], &plan, err, sizeof err) != THYMOS_OK) {
    fprintf(stderr, "embed_plan: %s\n", err);
    return 1;
  }
  thymos_plan_entry_count(plan, &entries);
  for (size_t e = 0; e < entries; ++e) {
    const char *name;
    thymos_plan_entry_name(plan, e, &name);
    printf("entry @%s\n", name);
  }
  if (argc == 3 && thymos_plan_find_entry(plan, argv[2], &entry) != THYMOS_OK) {
    fprintf(stderr, "embed_plan: the plan has no entry @%s\n", argv[2]);
    goto done;
  }
  if (thymos_session_create(plan, 1, &session, err, sizeof err) != THYMOS_OK) {
    fprintf(stderr, "embed_plan: %s\n", err);
    goto done;
  }
  thymos_session_input_count(session, entry, &inputs);
  thymos_session_output_count(session, entry, &outputs);
  for (size_t i = 0; i < inputs; ++i) {
    ThymosTensorView view;
    if (thymos_session_input_at(session, entry, i, &view) != THYMOS_OK || fill(&view))
      goto done;
    print_view("input", &view);
  }
  /* Twice: a session keeps its memory between runs (and its state). */
  for (int run = 0; run < 2; ++run)
    if (thymos_session_run(session, entry) != THYMOS_OK) {
      fprintf(stderr, "embed_plan: %s\n", thymos_session_error(session));
      goto done;
    }
  for (size_t o = 0; o < outputs; ++o) {
    ThymosTensorView view;
    if (thymos_session_output(session, entry, o, &view) != THYMOS_OK)
      goto done;
    print_view("output", &view);
  }
  status = 0;
done:
  thymos_session_free(session);
  thymos_plan_free(plan);
  return status;
}
