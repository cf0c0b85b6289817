//===- FusedProgram.h - The instruction encoding of the `fused` op ----------===//
//
// `program` is a flat integer array of [opcode, a, b] triples (see the
// `fused` record in ir/Ops.td). The limits and the instruction arities are
// facts of the plan format: the compiler (ir/FusedProgram.h, the fusion pass)
// and the CPU kernel (runtime/cpu/Fused.cpp) both read them from here, so the
// compiler never builds a program the runtime refuses.
//
//===----------------------------------------------------------------------===//
#pragma once

#include "runtime/cpu/ElementwiseMath.h"

#include <cstdint>

namespace thymos::rt::fused {

/// Bounds that keep the kernel's per-block state on the stack.
inline constexpr uint32_t kMaxInputs = 16;
inline constexpr uint32_t kMaxInstructions = 64;
/// Integers per instruction, and the `b` of a unary instruction.
inline constexpr uint32_t kInstructionSize = 3;
inline constexpr int64_t kNoOperand = -1;

/// The arity of an opcode read from a program: 1 for the unary and 2 for the
/// binary elementwise ops, 0 for every other value (cast changes the element
/// type; fused nests nothing).
inline unsigned opcodeArity(int64_t opcode) {
  if (opcode < 0 || opcode >= static_cast<int64_t>(kNumOpKinds))
    return 0;
  return elementwise::arity(static_cast<OpKind>(opcode));
}

} // namespace thymos::rt::fused
