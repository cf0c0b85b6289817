/*===- thymos/thymos_common.h - What the two C APIs share ------------------===*
 *
 * The status codes and element types of <thymos/thymos.h> (building graphs)
 * and <thymos/thymos_runtime.h> (running plans), whose status codes
 * <thymos/thymos_llm.h> (generating text) uses too. Each header includes
 * this one, so a program may include them together and compare any code of
 * any API with the same names.
 *
 *   - ThymosStatus: every function of either API that can fail returns one.
 *     THYMOS_OK is 0; every error has its own positive code, whichever API
 *     reports it. New codes are appended; existing ones keep their values.
 *   - ThymosDType: element types, with the codes of .thy and plan files. It
 *     is generated from ir/OpBase.td into <thymos/thymos_dtype.h>.
 *
 * The library that defines the two functions below is libthymos_runtime,
 * which libthymos_capi links too.
 *
 *===----------------------------------------------------------------------===*/
#ifndef THYMOS_THYMOS_COMMON_H
#define THYMOS_THYMOS_COMMON_H

#include <thymos/thymos_dtype.h>

#ifdef __cplusplus
extern "C" {
#endif

typedef enum ThymosStatus {
  THYMOS_OK = 0,
  THYMOS_ERROR_NULL_ARGUMENT = 1,  /* a NULL handle, pointer, array or FILE */
  THYMOS_ERROR_IO = 2,             /* a plan file cannot be opened or read */
  THYMOS_ERROR_INVALID_PLAN = 3,   /* a plan failed validation (header, checksum, record) */
  THYMOS_ERROR_NOT_FOUND = 4,      /* no entry, input or state of that name */
  THYMOS_ERROR_OUT_OF_RANGE = 5,   /* an entry, input or output index past the end; a
                                      value out of its range (a token id, a prompt longer
                                      than the context, a full context) */
  THYMOS_ERROR_SIZE_MISMATCH = 6,  /* data of the wrong byte size for a tensor; an output
                                      buffer too small */
  THYMOS_ERROR_OUT_OF_MEMORY = 7,  /* a heap allocation failed */
  THYMOS_ERROR_RUN_FAILED = 8,     /* a kernel reported an error while running */
  THYMOS_ERROR_INTERNAL = 9,       /* anything else; a bug worth reporting */
  THYMOS_ERROR_SHAPE = 10,         /* a shape, element type or attribute an op rejects */
  THYMOS_ERROR_ARENA_FULL = 11,    /* a builder's arena has no room left */
  THYMOS_ERROR_FOREIGN = 12,       /* a tensor of another context */
  THYMOS_ERROR_INVALID_GRAPH = 13, /* the verifier's findings; a bad or repeated state name */
  THYMOS_ERROR_WRITE = 14,         /* writing .thy text or a plan failed */
  THYMOS_ERROR_PLAN_FAILED = 15,   /* the compiler could not plan, lower or load a graph */
  THYMOS_ERROR_NO_DATA = 16,       /* an input without data, or data asked of a tensor
                                      that has none; no prompt to generate from */
  THYMOS_STATUS_MAX_ENUM = 0x7FFFFFFF /* not a code: makes every int a valid value */
} ThymosStatus;

/* The number of codes; they are 0 to THYMOS_NUM_STATUS_CODES - 1. */
#define THYMOS_NUM_STATUS_CODES 17

/* The code's name: "THYMOS_OK", "THYMOS_ERROR_SHAPE", ...; "(unknown status)"
 * for other values. A static string, never NULL. */
const char *thymos_status_string(ThymosStatus status);
/* "f32", "q8_0", ...; "(unknown dtype)" for other values. */
const char *thymos_dtype_name(int dtype);

/* Deprecated spellings from when each header had an enum of its own (the
 * runtime's ThymosStatusCode and the builder's ThymosErrorCode, whose values
 * overlapped). They name the codes above, so source code keeps compiling;
 * numbers stored or compared as integers changed. Define
 * THYMOS_NO_DEPRECATED_NAMES to hide them. */
#ifndef THYMOS_NO_DEPRECATED_NAMES
typedef ThymosStatus ThymosStatusCode;
typedef ThymosStatus ThymosErrorCode;
#define THYMOS_ERROR_NONE THYMOS_OK
#define THYMOS_ERROR_INVALID_ARGUMENT THYMOS_ERROR_NULL_ARGUMENT
#define THYMOS_ERROR_RUN THYMOS_ERROR_RUN_FAILED
#define THYMOS_ERROR_UNEXPECTED THYMOS_ERROR_INTERNAL
#define THYMOS_ERROR_PLAN THYMOS_ERROR_PLAN_FAILED
#endif

#ifdef __cplusplus
} /* extern "C" */
#endif

#endif /* THYMOS_THYMOS_COMMON_H */
