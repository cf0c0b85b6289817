//===- FusedProgram.h - The instruction encoding of the `fused` op ----------===//
//
// `program` is a flat integer array of [opcode, a, b] triples (see the `fused`
// record in ir/Ops.td). The encoding's limits and arities are the runtime's
// (runtime/FusedProgram.h), named here for the type rule, the fusion pass and
// tests.
//
//===----------------------------------------------------------------------===//
#pragma once

#include "ir/OpInfo.h"
#include "runtime/FusedProgram.h"

#include <cstdint>

namespace thymos::ir::fused {

using rt::fused::kInstructionSize;
using rt::fused::kMaxInputs;
using rt::fused::kMaxInstructions;
using rt::fused::kNoOperand;
using rt::fused::opcodeArity;

/// 1 for the unary and 2 for the binary elementwise ops a program may use,
/// 0 for every other op.
inline unsigned instructionArity(OpKind kind) { return opcodeArity(static_cast<int64_t>(kind)); }

} // namespace thymos::ir::fused
