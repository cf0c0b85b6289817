//===- CudaElementwise.cpp - Unary, binary, fused and cast kernels ----------===//
//
// One thread per output element. The math is ElementwiseMath.h's, written
// out as an expression per op (so a fused chain is one expression per
// instruction, in registers); f32 uses the f32 math functions of the CUDA
// library, so results are within a few ulp of the CPU's, not the same bits.
// Integer add, sub, mul and neg wrap through unsigned arithmetic as on the
// CPU; integer division, whose zero divisor the CPU reports, is not lowered.
//
//===----------------------------------------------------------------------===//

#include "codegen/cuda/CudaOps.h"
#include "runtime/FusedProgram.h"

namespace thymos::codegen::cuda {

namespace {

using rt::DType;
using rt::OpKind;

bool isUnary(OpKind op) { return rt::elementwise::arity(op) == 1; }

/// The value of unary `op` on `x` (an expression of type T), or "" when the
/// op has no form for T.
std::string unaryExpr(OpKind op, DType t, const std::string &x) {
  auto lit = [&](double v) { return literalFor(t, v); };
  auto fn = [&](const char *name, const std::string &arg) {
    return mathFn(t, name) + "(" + arg + ")";
  };
  if (t == DType::I32) {
    if (op == OpKind::Neg)
      return "(int)(0u - (unsigned)(" + x + "))";
    if (op == OpKind::Relu)
      return "(" + x + " < 0 ? 0 : " + x + ")";
    return "";
  }
  switch (op) {
  case OpKind::Neg: return "(-" + x + ")";
  case OpKind::Exp: return fn("exp", x);
  case OpKind::Log: return fn("log", x);
  case OpKind::Sqrt: return fn("sqrt", x);
  case OpKind::Rsqrt: return "(" + lit(1) + " / " + fn("sqrt", x) + ")";
  case OpKind::Relu: return "(" + x + " < " + lit(0) + " ? " + lit(0) + " : " + x + ")";
  case OpKind::Sigmoid: return "(" + lit(1) + " / (" + lit(1) + " + " + fn("exp", "-" + x) + "))";
  case OpKind::Tanh: return fn("tanh", x);
  case OpKind::Gelu:
    return "(" + lit(0.5) + " * " + x + " * (" + lit(1) + " + " +
           fn("tanh", lit(0.7978845608028654) + " * (" + x + " + " + lit(0.044715) + " * " + x +
                          " * " + x + " * " + x + ")") +
           "))";
  case OpKind::Silu: return "(" + x + " / (" + lit(1) + " + " + fn("exp", "-" + x) + "))";
  default: return "";
  }
}

std::string binaryExpr(OpKind op, DType t, const std::string &a, const std::string &b) {
  const char *sym = op == OpKind::Add ? "+" : op == OpKind::Sub ? "-" : op == OpKind::Mul ? "*"
                                                                                         : "/";
  if (t == DType::I32) {
    if (op == OpKind::Div)
      return "";
    return "(int)((unsigned)(" + a + ") " + sym + " (unsigned)(" + b + "))";
  }
  return "(" + a + " " + sym + " " + b + ")";
}

/// Reads of every input at the output's index `i` (broadcast where needed).
struct InputReads {
  std::string setup;              // coordinates, when any input broadcasts
  std::vector<std::string> reads; // in0[...], in1[...]
};

InputReads inputReads(const StepView &s) {
  InputReads r;
  bool broadcasts = false;
  for (const plan::TensorRecord *in : s.inputs)
    broadcasts |= !sameLayout(*in, *s.output);
  if (broadcasts)
    r.setup = coordinates(s.output->dims, s.output->rank);
  for (size_t k = 0; k < s.inputs.size(); ++k) {
    const plan::TensorRecord &in = *s.inputs[k];
    const std::string index = sameLayout(in, *s.output) ? (elementCount(in) == 1 ? "0" : "i")
                                                        : broadcastOffset(in, *s.output);
    r.reads.push_back("in" + std::to_string(k) + "[" + index + "]");
  }
  return r;
}

std::string elementKernel(const StepView &s, const std::string &name,
                          const std::string &body) {
  return signature(s, name, false) +
         "  const long long i = (long long)blockIdx.x * blockDim.x + threadIdx.x;\n"
         "  if (i >= " +
         std::to_string(elementCount(*s.output)) + "LL) return;\n" + body + "}\n";
}

/// Instruction j of a fused program as C: `const T rJ = expr;`.
bool fusedBody(const StepView &s, const InputReads &reads, std::string &body, std::string &why) {
  const DType t = s.outType();
  const std::string type = cType(t);
  const uint32_t count = s.paramCount / rt::fused::kInstructionSize;
  const auto numInputs = static_cast<int64_t>(s.inputs.size());
  auto operand = [&](int64_t v) {
    return v < numInputs ? reads.reads[static_cast<size_t>(v)]
                         : "r" + std::to_string(v - numInputs);
  };
  for (uint32_t j = 0; j < count; ++j) {
    const int64_t *ins = s.params + 3 * j;
    const auto op = static_cast<OpKind>(ins[0]);
    std::string expr = isUnary(op) ? unaryExpr(op, t, operand(ins[1]))
                                   : binaryExpr(op, t, operand(ins[1]), operand(ins[2]));
    if (expr.empty()) {
      why = std::string("its ") + rt::opKindName(op) + " on " + typeName(t) +
            " has no CUDA lowering";
      return false;
    }
    body += "  const " + type + " r" + std::to_string(j) + " = " + expr + ";\n";
  }
  body += "  out[i] = r" + std::to_string(count - 1) + ";\n";
  return true;
}

/// `x` of type `from` converted to `to`, rounded once as Cast.cpp does.
std::string castExpr(DType from, DType to, const std::string &x) {
  std::string wide = from == DType::F16 ? "(double)thy_f16_to_f32(" + x + ")" : "(double)" + x;
  switch (to) {
  case DType::F64: return wide;
  case DType::F32: return from == DType::F32 ? x : "(float)" + wide;
  case DType::F16: return from == DType::F16 ? x : "thy_f64_to_f16(" + wide + ")";
  case DType::I32: return from == DType::I32 ? x : "thy_f64_to_i32(" + wide + ")";
  default: return "";
  }
}

bool castable(DType t) {
  return t == DType::F64 || t == DType::F32 || t == DType::F16 || t == DType::I32;
}

} // namespace

bool elementwiseLowerable(const StepView &s, std::string &why) {
  const DType t = s.outType();
  if (s.op == OpKind::Cast) {
    if (castable(s.inType(0)) && castable(t))
      return true;
    why = std::string("cast from ") + typeName(s.inType(0)) + " to " + typeName(t) +
          " has no CUDA lowering";
    return false;
  }
  if (s.op == OpKind::Fused) {
    std::string body;
    return fusedBody(s, inputReads(s), body, why);
  }
  const std::string x = "x";
  const bool ok = isUnary(s.op) ? !unaryExpr(s.op, t, x).empty()
                                : !binaryExpr(s.op, t, x, x).empty();
  if (!ok)
    why = noLowering(s, "on", t);
  return ok;
}

EmittedKernel emitElementwise(const StepView &s) {
  EmittedKernel k;
  k.name = kernelName(s);
  k.launch = linearLaunch(elementCount(*s.output));
  const InputReads reads = inputReads(s);
  std::string body = reads.setup;
  if (s.op == OpKind::Fused) {
    std::string why;
    fusedBody(s, reads, body, why);
  } else if (s.op == OpKind::Cast) {
    body += "  out[i] = " + castExpr(s.inType(0), s.outType(), reads.reads[0]) + ";\n";
  } else if (isUnary(s.op)) {
    body += "  const " + std::string(cType(s.outType())) + " x = " + reads.reads[0] + ";\n";
    body += "  out[i] = " + unaryExpr(s.op, s.outType(), "x") + ";\n";
  } else {
    body += "  out[i] = " + binaryExpr(s.op, s.outType(), reads.reads[0], reads.reads[1]) + ";\n";
  }
  k.source = elementKernel(s, k.name, body);
  return k;
}

} // namespace thymos::codegen::cuda
