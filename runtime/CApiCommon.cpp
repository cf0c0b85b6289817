//===- CApiCommon.cpp - The functions of include/thymos/thymos_common.h ---===//
//
// Names for the status codes and element types that both C APIs share. They
// live in the runtime library, which the graph builder's library links too,
// so that each name is written once.
//
//===----------------------------------------------------------------------===//

#include "thymos/thymos_common.h"

#include "runtime/Tensor.h"

using namespace thymos::rt;

// The C header is generated from the same records as the runtime's DType;
// a stale committed copy fails the test c-dtype-header-up-to-date, and a
// count that differs fails here first.
static_assert(THYMOS_NUM_DTYPES == kNumDTypes);
static_assert(THYMOS_DTYPE_F32 == unsigned(DType::F32) &&
              THYMOS_DTYPE_Q4_0 == unsigned(DType::Q4_0));

extern "C" {

const char *thymos_status_string(ThymosStatus status) {
  // No default: a new code without a name here is a -Wswitch warning.
  switch (status) {
  case THYMOS_OK: return "THYMOS_OK";
  case THYMOS_ERROR_NULL_ARGUMENT: return "THYMOS_ERROR_NULL_ARGUMENT";
  case THYMOS_ERROR_IO: return "THYMOS_ERROR_IO";
  case THYMOS_ERROR_INVALID_PLAN: return "THYMOS_ERROR_INVALID_PLAN";
  case THYMOS_ERROR_NOT_FOUND: return "THYMOS_ERROR_NOT_FOUND";
  case THYMOS_ERROR_OUT_OF_RANGE: return "THYMOS_ERROR_OUT_OF_RANGE";
  case THYMOS_ERROR_SIZE_MISMATCH: return "THYMOS_ERROR_SIZE_MISMATCH";
  case THYMOS_ERROR_OUT_OF_MEMORY: return "THYMOS_ERROR_OUT_OF_MEMORY";
  case THYMOS_ERROR_RUN_FAILED: return "THYMOS_ERROR_RUN_FAILED";
  case THYMOS_ERROR_INTERNAL: return "THYMOS_ERROR_INTERNAL";
  case THYMOS_ERROR_SHAPE: return "THYMOS_ERROR_SHAPE";
  case THYMOS_ERROR_ARENA_FULL: return "THYMOS_ERROR_ARENA_FULL";
  case THYMOS_ERROR_FOREIGN: return "THYMOS_ERROR_FOREIGN";
  case THYMOS_ERROR_INVALID_GRAPH: return "THYMOS_ERROR_INVALID_GRAPH";
  case THYMOS_ERROR_WRITE: return "THYMOS_ERROR_WRITE";
  case THYMOS_ERROR_PLAN_FAILED: return "THYMOS_ERROR_PLAN_FAILED";
  case THYMOS_ERROR_NO_DATA: return "THYMOS_ERROR_NO_DATA";
  case THYMOS_STATUS_MAX_ENUM: break;
  }
  return "(unknown status)";
}

const char *thymos_dtype_name(int dtype) {
  return dtype >= 0 && unsigned(dtype) < kNumDTypes ? dtypeKindName(static_cast<DType>(dtype))
                                                    : "(unknown dtype)";
}

} // extern "C"
