//===- Ops.cpp - One C builder per op of ir/Ops.td --------------------------===//
//
// The bodies are generated (thymos-tblgen -gen-c-api-defs); each gathers its
// arguments into a BuildRequest and calls capi::buildOp (capi/CApi.cpp).
//
//===----------------------------------------------------------------------===//

#include "capi/Builder.h"

using namespace thymos;

// The declarations in <thymos/thymos.h> give these definitions C linkage.
#include "capi/CApiOps.cpp.inc"
