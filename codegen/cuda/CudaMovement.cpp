//===- CudaMovement.cpp - reshape, transpose, broadcast, slice, concat, gather ===//
//
// One thread per output element, reading the input through offsets built
// from the output's coordinates with every stride a literal (Movement.cpp's
// strided gather, unrolled per step). gather from a Q8_0/Q4_0 table (an
// embedding lookup) dequantizes the element it reads; an index out of range
// records a fault and writes 0.
//
//===----------------------------------------------------------------------===//

#include "codegen/cuda/CudaKQuant.h"
#include "codegen/cuda/CudaOps.h"

namespace thymos::codegen::cuda {

namespace {

using rt::DType;
using rt::OpKind;

bool plainElement(DType t) {
  return t == DType::F64 || t == DType::F32 || t == DType::F16 || t == DType::I32;
}

/// Row-major strides of `t`.
std::vector<int64_t> stridesOf(const plan::TensorRecord &t) {
  std::vector<int64_t> strides(t.rank, 1);
  for (unsigned d = t.rank; d-- > 1;)
    strides[d - 1] = strides[d] * t.dims[d];
  return strides;
}

std::string term(const std::string &coordinate, int64_t factor) {
  return coordinate + " * " + std::to_string(factor) + "LL";
}

std::string joinSum(const std::vector<std::string> &terms) {
  if (terms.empty())
    return "0LL";
  std::string out = terms[0];
  for (size_t k = 1; k < terms.size(); ++k)
    out += " + " + terms[k];
  return out;
}

/// The input offset of output coordinates c0.. for transpose and slice.
std::string movedOffset(const StepView &s) {
  const plan::TensorRecord &in = *s.inputs[0];
  const std::vector<int64_t> strides = stridesOf(in);
  std::vector<std::string> terms;
  for (unsigned d = 0; d < s.output->rank; ++d) {
    const std::string c = "c" + std::to_string(d);
    if (s.op == OpKind::Transpose) {
      terms.push_back(term(c, strides[static_cast<size_t>(s.params[d])]));
    } else { // slice: starts[rank], steps[rank]
      const int64_t start = s.params[d], step = s.params[in.rank + d];
      if (start)
        terms.push_back(std::to_string(start * strides[d]) + "LL");
      terms.push_back(term(c, step * strides[d]));
    }
  }
  return joinSum(terms);
}

std::string concatBody(const StepView &s) {
  const auto axis = static_cast<unsigned>(s.params[0]);
  std::string body = coordinates(s.output->dims, s.output->rank);
  int64_t start = 0;
  for (size_t k = 0; k < s.inputs.size(); ++k) {
    const plan::TensorRecord &in = *s.inputs[k];
    const std::vector<int64_t> strides = stridesOf(in);
    std::vector<std::string> terms;
    for (unsigned d = 0; d < in.rank; ++d)
      terms.push_back(term(d == axis ? "(c" + std::to_string(d) + " - " +
                                           std::to_string(start) + "LL)"
                                     : "c" + std::to_string(d),
                           strides[d]));
    start += in.dims[axis];
    body += "  if (c" + std::to_string(axis) + " < " + std::to_string(start) + "LL) { out[i] = in" +
            std::to_string(k) + "[" + joinSum(terms) + "]; return; }\n";
  }
  return body;
}

/// gather: out[o, j, i] = data[o, indices[j], i].
std::string gatherBody(const StepView &s) {
  const plan::TensorRecord &data = *s.inputs[0], &indices = *s.inputs[1];
  const auto axis = static_cast<unsigned>(s.params[0]);
  int64_t inner = 1;
  for (unsigned d = axis + 1; d < data.rank; ++d)
    inner *= data.dims[d];
  const int64_t size = data.dims[axis], count = elementCount(indices);
  const std::string in = std::to_string(inner) + "LL", n = std::to_string(count) + "LL";
  std::string body = "  const long long inner = i % " + in + ", j = (i / " + in + ") % " + n +
                     ";\n"
                     "  const int index = in1[j];\n"
                     "  if (index < 0 || index >= " + std::to_string(size) + ") {\n"
                     "    thy_fault(fault, " + std::to_string(unsigned(Fault::IndexOutOfRange)) +
                     "u, " + std::to_string(s.index) + "u, (unsigned int)index);\n"
                     "    out[i] = 0;\n    return;\n  }\n";
  const DType t = s.inType(0);
  if (isKQuant(t)) { // rank 2, axis 0: rows of super-blocks
    body += "  out[i] = " +
            kQuantValue(t, "in0 + (long long)index * " + std::to_string(kQuantRowBytes(t, inner)) +
                               "LL", "inner") +
            ";\n";
    return body;
  }
  if (t == DType::Q8_0 || t == DType::Q4_0) { // rank 2, axis 0: rows of blocks
    const int64_t blocks = inner / 32, blockBytes = t == DType::Q8_0 ? 34 : 18;
    body += "  const unsigned char *block = in0 + ((long long)index * " + std::to_string(blocks) +
            "LL + inner / 32) * " + std::to_string(blockBytes) + "LL;\n"
            "  const float d = thy_f16_to_f32((unsigned short)(block[0] | (block[1] << 8)));\n"
            "  const int e = (int)(inner % 32);\n";
    body += t == DType::Q8_0
                ? "  out[i] = d * (float)(signed char)block[2 + e];\n"
                : "  const int q = e < 16 ? (block[2 + e] & 15) : (block[2 + e - 16] >> 4);\n"
                  "  out[i] = d * (float)(q - 8);\n";
    return body;
  }
  body += "  const long long o = i / (" + in + " * " + n + ");\n  out[i] = in0[(o * " +
          std::to_string(size) + "LL + index) * " + in + " + inner];\n";
  return body;
}

} // namespace

bool movementLowerable(const StepView &s, std::string &why) {
  const DType t = s.inType(0);
  if (s.op == OpKind::Gather && (t == DType::Q8_0 || t == DType::Q4_0 || isKQuant(t)))
    return true;
  if (plainElement(t))
    return true;
  why = noLowering(s, "of", t);
  return false;
}

EmittedKernel emitMovement(const StepView &s) {
  EmittedKernel k;
  k.name = kernelName(s);
  k.launch = linearLaunch(elementCount(*s.output));
  k.faults = s.op == OpKind::Gather;
  std::string body;
  switch (s.op) {
  case OpKind::Reshape:
    // The planner may give both one buffer: then there is nothing to move.
    body = "  if ((const void *)out == (const void *)in0) return;\n  out[i] = in0[i];\n";
    break;
  case OpKind::Broadcast:
    body = coordinates(s.output->dims, s.output->rank) + "  out[i] = in0[" +
           broadcastOffset(*s.inputs[0], *s.output) + "];\n";
    break;
  case OpKind::Transpose:
  case OpKind::Slice:
    body = coordinates(s.output->dims, s.output->rank) + "  out[i] = in0[" + movedOffset(s) +
           "];\n";
    break;
  case OpKind::Concat: body = concatBody(s); break;
  default: body = gatherBody(s); break;
  }
  k.source = signature(s, k.name, k.faults) +
             "  const long long i = (long long)blockIdx.x * blockDim.x + threadIdx.x;\n"
             "  if (i >= " +
             std::to_string(elementCount(*s.output)) + "LL) return;\n" + body + "}\n";
  return k;
}

} // namespace thymos::codegen::cuda
