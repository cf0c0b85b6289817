//===- FusedRules.cpp - Type rule of the `fused` op -------------------------===//
//
// The program is checked completely here, so that every program the verifier
// accepts is one the kernel's check() accepts too (runtime/cpu/Fused.cpp).
//
//===----------------------------------------------------------------------===//

#include "ir/FusedProgram.h"
#include "ir/Ops.h"
#include "ir/TypeRuleSupport.h"

namespace thymos::ir {

using namespace rules;

namespace {

/// "instruction #2 (exp)", or "instruction #2" when the opcode is unknown.
std::string instructionName(size_t index, int64_t opcode) {
  if (fused::opcodeArity(opcode) == 0)
    return fmt::format("instruction #{}", index);
  return fmt::format("instruction #{} ({})", index, opKindName(static_cast<OpKind>(opcode)));
}

llvm::Error checkProgram(llvm::ArrayRef<int64_t> program, size_t numInputs) {
  if (program.empty() || program.size() % fused::kInstructionSize != 0)
    return fail("program must hold [opcode, a, b] triples, one or more; got {} integers",
                program.size());
  size_t count = program.size() / fused::kInstructionSize;
  if (count > fused::kMaxInstructions)
    return fail("program has {} instructions; at most {} are allowed", count,
                fused::kMaxInstructions);
  for (size_t i = 0; i < count; ++i) {
    int64_t opcode = program[3 * i], a = program[3 * i + 1], b = program[3 * i + 2];
    unsigned arity = fused::opcodeArity(opcode);
    std::string name = instructionName(i, opcode);
    if (arity == 0)
      return fail("{}: opcode {} is not a unary or binary elementwise op (4 to 17)", name,
                  opcode);
    // Values numInputs + i and above are not computed yet when instruction i runs.
    int64_t limit = static_cast<int64_t>(numInputs + i);
    auto checkOperand = [&](const char *which, int64_t index) -> llvm::Error {
      if (index >= 0 && index < limit)
        return llvm::Error::success();
      std::string allowed = fmt::format("an input (0 to {})", numInputs - 1);
      if (i > 0)
        allowed += fmt::format(" or an earlier instruction ({} to {})", numInputs, limit - 1);
      return fail("{}: operand {} = {} must name {}", name, which, index, allowed);
    };
    if (llvm::Error e = checkOperand("a", a))
      return e;
    if (arity == 1 && b != fused::kNoOperand)
      return fail("{}: a unary op's operand b must be -1, got {}", name, b);
    if (arity == 2)
      if (llvm::Error e = checkOperand("b", b))
        return e;
  }
  return llvm::Error::success();
}

} // namespace

llvm::Expected<TensorType> inferFused(const TypeRuleContext &ctx) {
  const TensorType &first = ctx.domain[0];
  if (ctx.domain.size() > fused::kMaxInputs)
    return fail("has {} inputs; at most {} are allowed", ctx.domain.size(), fused::kMaxInputs);
  llvm::SmallVector<int64_t, 4> shape(first.dims().begin(), first.dims().end());
  for (size_t i = 1; i < ctx.domain.size(); ++i) {
    const TensorType &t = ctx.domain[i];
    if (t.dtype() != first.dtype())
      return fail("input #{} has element type {}, but input #0 has {}", i,
                  dtypeName(t.dtype()), dtypeName(first.dtype()));
    auto joined = broadcastShapes(shape, t.dims());
    if (!joined)
      return fail("input #{} of shape {} does not broadcast with {} (inputs #0 to #{})", i,
                  shapeStr(t.dims()), shapeStr(shape), i - 1);
    shape = *joined;
  }
  if (llvm::Error e = checkProgram(FusedAdaptor(ctx.op).program(), ctx.domain.size()))
    return llvm::Expected<TensorType>(std::move(e));
  return TensorType(first.dtype(), shape);
}

} // namespace thymos::ir
