//===- Ops.h - Typed accessors for each op ----------------------------------===//
//
// `MatMulAdaptor(op).transposeB()` instead of looking attributes up by string;
// generated from Ops.td. Adaptors assume the op has been verified.
//
//===----------------------------------------------------------------------===//
#pragma once

#include "ir/Operation.h"

#include <cassert>

namespace thymos::ir {

#include "ir/OpAdaptors.h.inc"

} // namespace thymos::ir
