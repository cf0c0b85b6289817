//===- FusedProgram.h - The instruction encoding of the `fused` op ----------===//
//
// `program` is a flat integer array of [opcode, a, b] triples (see the `fused`
// record in ir/Ops.td). The type rule, the fusion pass and tests share these
// facts; runtime/cpu/Fused.cpp repeats the limits, as the runtime links no IR
// code.
//
//===----------------------------------------------------------------------===//
#pragma once

#include "ir/OpInfo.h"

#include <cstdint>

namespace thymos::ir::fused {

/// Bounds that keep the kernel's per-block state on the stack.
inline constexpr unsigned kMaxInputs = 16;
inline constexpr unsigned kMaxInstructions = 64;
/// Integers per instruction, and the `b` of a unary instruction.
inline constexpr unsigned kInstructionSize = 3;
inline constexpr int64_t kNoOperand = -1;

/// 1 for the unary and 2 for the binary elementwise ops a program may use,
/// 0 for every other op (cast changes the element type; fused nests nothing).
inline unsigned instructionArity(OpKind kind) {
  switch (kind) {
  case OpKind::Add:
  case OpKind::Sub:
  case OpKind::Mul:
  case OpKind::Div: return 2;
  case OpKind::Neg:
  case OpKind::Exp:
  case OpKind::Log:
  case OpKind::Sqrt:
  case OpKind::Rsqrt:
  case OpKind::Relu:
  case OpKind::Sigmoid:
  case OpKind::Tanh:
  case OpKind::Gelu:
  case OpKind::Silu: return 1;
  default: return 0;
  }
}

/// The arity of an opcode read from a program, 0 when it is not an op code
/// a program may use.
inline unsigned opcodeArity(int64_t opcode) {
  if (opcode < 0 || opcode >= static_cast<int64_t>(kNumOpKinds))
    return 0;
  return instructionArity(static_cast<OpKind>(opcode));
}

} // namespace thymos::ir::fused
