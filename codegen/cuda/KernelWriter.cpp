//===- KernelWriter.cpp - Writing one step's CUDA kernel --------------------===//

#include "codegen/cuda/KernelWriter.h"

#include <cinttypes>
#include <cstdio>
#include <cstring>

namespace thymos::codegen::cuda {

double StepView::paramDouble(uint32_t i) const {
  double v;
  std::memcpy(&v, &params[i], sizeof v);
  return v;
}

StepView viewStep(const PlanModel &model, const plan::StepRecord &step, uint32_t index) {
  StepView s{index, static_cast<rt::OpKind>(step.opcode), {}, &model.tensors[step.output],
             step.paramCount ? &model.params[step.paramStart] : nullptr, step.paramCount};
  for (uint32_t k = 0; k < step.inputCount; ++k)
    s.inputs.push_back(&model.tensors[model.indices[step.inputStart + k]]);
  return s;
}

int64_t elementCount(const plan::TensorRecord &t) {
  int64_t n = 1;
  for (unsigned d = 0; d < t.rank; ++d)
    n *= t.dims[d];
  return n;
}

const char *typeName(rt::DType type) {
  const auto code = static_cast<unsigned>(type);
  return code < rt::kNumDTypes ? rt::kDTypeLayouts[code].name : "(unknown type)";
}

const char *cType(rt::DType type) {
  switch (type) {
  case rt::DType::F64: return "double";
  case rt::DType::F32: return "float";
  case rt::DType::F16: return "unsigned short";
  case rt::DType::I32: return "int";
  default: return "unsigned char"; // blocks: read byte by byte
  }
}

std::string doubleLiteral(double value) {
  if (value != value)
    return "__longlong_as_double(0x7ff8000000000000LL)";
  if (value == 1.0 / 0.0)
    return "__longlong_as_double(0x7ff0000000000000LL)";
  if (value == -1.0 / 0.0)
    return "__longlong_as_double(0xfff0000000000000LL)";
  char text[40];
  std::snprintf(text, sizeof text, "%.17g", value);
  std::string s = text;
  if (s.find_first_of(".eE") == std::string::npos)
    s += ".0";
  return s;
}

std::string literalFor(rt::DType type, double value) {
  if (type != rt::DType::F32 || value != value || value == 1.0 / 0.0 || value == -1.0 / 0.0)
    return type == rt::DType::F32 ? "(float)" + doubleLiteral(value) : doubleLiteral(value);
  char text[40];
  std::snprintf(text, sizeof text, "%.9g", static_cast<double>(static_cast<float>(value)));
  std::string s = text;
  if (s.find_first_of(".eE") == std::string::npos)
    s += ".0";
  return s + "f";
}

std::string mathFn(rt::DType type, const char *name) {
  return type == rt::DType::F32 ? std::string(name) + "f" : std::string(name);
}

std::string coordinates(const int64_t *dims, unsigned rank, const char *i) {
  std::string out = "  long long rest = " + std::string(i) + ";\n";
  for (unsigned d = rank; d-- > 0;) {
    const std::string c = "c" + std::to_string(d), size = std::to_string(dims[d]) + "LL";
    out += "  const long long " + c + " = rest % " + size + "; rest /= " + size + ";\n";
  }
  out += "  (void)rest;\n";
  return out;
}

bool sameLayout(const plan::TensorRecord &in, const plan::TensorRecord &out) {
  return elementCount(in) == elementCount(out) &&
         (in.rank == out.rank || elementCount(in) == 1) &&
         std::memcmp(in.dims, out.dims, sizeof(int64_t) * in.rank) == 0;
}

std::string broadcastOffset(const plan::TensorRecord &in, const plan::TensorRecord &out) {
  std::string expr;
  int64_t stride = 1;
  for (unsigned k = 0; k < in.rank; ++k) {
    const unsigned di = in.rank - 1 - k, dOut = out.rank - 1 - k;
    if (in.dims[di] != 1) {
      if (!expr.empty())
        expr += " + ";
      expr += "c" + std::to_string(dOut) + " * " + std::to_string(stride) + "LL";
    }
    stride *= in.dims[di];
  }
  return expr.empty() ? "0LL" : expr;
}

std::string signature(const StepView &s, const std::string &name, bool faults) {
  std::string out = "extern \"C\" __global__ void " + name + "(";
  for (size_t k = 0; k < s.inputs.size(); ++k)
    out += "const " + std::string(cType(s.inType(k))) + " *in" + std::to_string(k) +
           ", ";
  out += std::string(cType(s.outType())) + " *out";
  if (faults)
    out += ", unsigned int *fault";
  return out + ") {\n";
}

std::string noLowering(const StepView &s, const char *preposition, rt::DType type) {
  return std::string(rt::opKindName(s.op)) + " " + preposition + " " + typeName(type) +
         " has no CUDA lowering";
}

std::string kernelName(const StepView &s) {
  return "thy_step" + std::to_string(s.index) + "_" + rt::opKindName(s.op);
}

Launch linearLaunch(int64_t threads, uint32_t block) {
  Launch l;
  l.block = block;
  l.grid = static_cast<uint64_t>((threads + block - 1) / block);
  if (l.grid == 0)
    l.grid = 1;
  return l;
}

} // namespace thymos::codegen::cuda
