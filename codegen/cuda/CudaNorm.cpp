//===- CudaNorm.cpp - rmsnorm, layernorm, softmax and reduction kernels -----===//
//
// rmsnorm and layernorm: one block of 256 threads per row of the last axis;
// the row's sums are binary64, reduced through shared memory (the prelude's
// thy_block_sum), then every thread scales its elements with Norm.cpp's
// formulas (f32 rmsnorm in f32 after the sum, as there). softmax: one thread
// per line along the axis, three passes (max, sum of exponentials in
// binary64, scale), as Reduce.cpp. sum, mean and max: one thread per output
// element (f32 and f64 sums in binary64, i32 sums wrapping; max keeps NaN).
//
//===----------------------------------------------------------------------===//

#include "codegen/cuda/CudaOps.h"

namespace thymos::codegen::cuda {

namespace {

using rt::DType;
using rt::OpKind;

constexpr uint32_t kRowThreads = 256;

std::string normBody(const StepView &s, int64_t n) {
  const DType t = s.outType();
  const std::string type = cType(t), len = std::to_string(n) + "LL";
  const std::string eps = doubleLiteral(s.paramDouble(0));
  std::string body = "  __shared__ double partial[" + std::to_string(kRowThreads) +
                     "];\n"
                     "  const long long row = blockIdx.x;\n"
                     "  const " +
                     type + " *x = in0 + row * " + len + ";\n  " + type + " *y = out + row * " +
                     len + ";\n";
  if (s.op == OpKind::RmsNorm) {
    body += "  double squares = 0;\n"
            "  for (long long c = threadIdx.x; c < " +
            len + "; c += blockDim.x) {\n";
    body += t == DType::F32 ? "    const float square = x[c] * x[c];\n"
                              "    squares += (double)square;\n"
                            : "    squares += (double)x[c] * x[c];\n";
    body += "  }\n  const double total = thy_block_sum(squares, partial);\n";
    if (t == DType::F32)
      body += "  const float mean = (float)(total / " + doubleLiteral(double(n)) +
              ");\n"
              "  const float scale = 1.0f / sqrtf(mean + (float)" +
              eps +
              ");\n"
              "  for (long long c = threadIdx.x; c < " +
              len + "; c += blockDim.x) {\n    const float normalized = x[c] * scale;\n"
                    "    y[c] = normalized * in1[c];\n  }\n";
    else
      body += "  const double scale = 1.0 / sqrt(total / " + doubleLiteral(double(n)) + " + " +
              eps + ");\n  for (long long c = threadIdx.x; c < " + len +
              "; c += blockDim.x)\n    y[c] = x[c] * scale * in1[c];\n";
    return body;
  }
  // layernorm: two passes over the row (mean, then squared deviations).
  body += "  double sum = 0;\n  for (long long c = threadIdx.x; c < " + len +
          "; c += blockDim.x) sum += x[c];\n"
          "  const double mean = thy_block_sum(sum, partial) / " +
          doubleLiteral(double(n)) +
          ";\n"
          "  double squares = 0;\n  for (long long c = threadIdx.x; c < " +
          len +
          "; c += blockDim.x) { const double d = x[c] - mean; squares += d * d; }\n"
          "  const double scale = 1.0 / sqrt(thy_block_sum(squares, partial) / " +
          doubleLiteral(double(n)) + " + " + eps +
          ");\n"
          "  for (long long c = threadIdx.x; c < " +
          len + "; c += blockDim.x)\n    y[c] = (" + type +
          ")((x[c] - mean) * scale * in1[c] + in2[c]);\n";
  return body;
}

std::string softmaxBody(const StepView &s) {
  const plan::TensorRecord &x = *s.inputs[0];
  const auto axis = static_cast<unsigned>(s.params[0]);
  int64_t inner = 1;
  for (unsigned d = axis + 1; d < x.rank; ++d)
    inner *= x.dims[d];
  const int64_t size = x.dims[axis];
  const bool half = s.outType() == DType::F16;
  const std::string type = cType(s.outType()), in = std::to_string(inner) + "LL",
                    len = std::to_string(size) + "LL";
  auto load = [&](const std::string &j) {
    const std::string at = "in0[base + " + j + " * " + in + "]";
    return half ? "(double)thy_f16_to_f32(" + at + ")" : "(double)" + at;
  };
  const std::string store = half ? "thy_f64_to_f16(exp(" + load("j") + " - top) / sum)"
                                 : "(" + type + ")(exp(" + load("j") + " - top) / sum)";
  return "  const long long line = (long long)blockIdx.x * blockDim.x + threadIdx.x;\n"
         "  if (line >= " + std::to_string(elementCount(x) / size) + "LL) return;\n"
         "  const long long base = (line / " + in + ") * " + len + " * " + in + " + line % " +
         in + ";\n"
         "  double top = " + load("0LL") + ";\n"
         "  for (long long j = 1; j < " + len + "; ++j) { const double v = " + load("j") +
         "; top = v > top || v != v ? v : top; }\n"
         "  double sum = 0;\n"
         "  for (long long j = 0; j < " + len + "; ++j) sum += exp(" + load("j") + " - top);\n"
         "  for (long long j = 0; j < " + len + "; ++j) out[base + j * " + in + "] = " + store +
         ";\n";
}

/// sum, mean, max: one thread per output element, looping over the reduced
/// dims' coordinates. The kept dims are laid out alike whether the output
/// keeps the reduced ones as 1 or drops them.
std::string reduceBody(const StepView &s) {
  const plan::TensorRecord &x = *s.inputs[0];
  const auto mask = static_cast<uint64_t>(s.params[0]);
  std::vector<int64_t> strides(x.rank, 1);
  for (unsigned d = x.rank; d-- > 1;)
    strides[d - 1] = strides[d] * x.dims[d];
  int64_t kept[plan::kMaxRank], reducedCount = 1;
  unsigned keptRank = 0;
  std::string keptOffset = "0LL", reducedOffset = "0LL";
  for (unsigned d = 0; d < x.rank; ++d)
    if (!(mask >> d & 1))
      kept[keptRank++] = x.dims[d];
  unsigned k = 0;
  std::string reducedSetup = "    long long rest = r;\n";
  for (unsigned d = x.rank; d-- > 0;) {
    const std::string stride = std::to_string(strides[d]) + "LL";
    if (mask >> d & 1) {
      const std::string size = std::to_string(x.dims[d]) + "LL";
      reducedSetup += "    const long long r" + std::to_string(d) + " = rest % " + size +
                      "; rest /= " + size + ";\n";
      reducedOffset += " + r" + std::to_string(d) + " * " + stride;
      reducedCount *= x.dims[d];
    }
  }
  for (unsigned d = 0; d < x.rank; ++d)
    if (!(mask >> d & 1))
      keptOffset += " + c" + std::to_string(k++) + " * " + std::to_string(strides[d]) + "LL";
  const DType t = s.outType();
  const bool isMax = s.op == OpKind::Max;
  const std::string type = cType(t);
  std::string acc = t == DType::I32 ? "unsigned" : "double";
  std::string body = "  const long long i = (long long)blockIdx.x * blockDim.x + threadIdx.x;\n"
                     "  if (i >= " + std::to_string(elementCount(*s.output)) + "LL) return;\n" +
                     coordinates(kept, keptRank) + "  const long long base = " + keptOffset +
                     ";\n";
  body += isMax ? "  " + type + " top = in0[base];\n"
                : "  " + acc + " sum = 0;\n";
  body += "  for (long long r = 0; r < " + std::to_string(reducedCount) + "LL; ++r) {\n" +
          reducedSetup + "    (void)rest;\n    const " + type + " v = in0[base + " +
          reducedOffset + "];\n";
  body += isMax ? "    top = v > top || v != v || top != top ? (top != top ? top : v) : top;\n"
                : "    sum += (" + acc + ")v;\n";
  body += "  }\n";
  if (isMax)
    body += "  out[i] = top;\n";
  else if (s.op == OpKind::Mean)
    body += "  out[i] = (" + type + ")(sum / " + doubleLiteral(double(reducedCount)) + ");\n";
  else
    body += "  out[i] = (" + type + ")sum;\n";
  return body;
}

} // namespace

bool normLowerable(const StepView &s, std::string &why) {
  const DType t = s.outType();
  if (t == DType::F32 || t == DType::F64)
    return true;
  if (t == DType::I32 && (s.op == OpKind::Sum || s.op == OpKind::Max))
    return true;
  if (t == DType::F16 && s.op == OpKind::Softmax)
    return true;
  why = noLowering(s, "on", t);
  return false;
}

EmittedKernel emitNorm(const StepView &s) {
  EmittedKernel k;
  k.name = kernelName(s);
  const plan::TensorRecord &x = *s.inputs[0];
  if (s.op == OpKind::Sum || s.op == OpKind::Mean || s.op == OpKind::Max) {
    k.launch = linearLaunch(elementCount(*s.output));
    k.source = signature(s, k.name, false) + reduceBody(s) + "}\n";
    return k;
  }
  if (s.op == OpKind::Softmax) {
    k.launch = linearLaunch(elementCount(x) / x.dims[s.params[0]], 128);
    k.source = signature(s, k.name, false) + softmaxBody(s) + "}\n";
    return k;
  }
  const int64_t n = x.dims[x.rank - 1];
  k.launch.grid = static_cast<uint64_t>(elementCount(x) / n);
  k.launch.block = kRowThreads;
  k.source = signature(s, k.name, false) + normBody(s, n) + "}\n";
  return k;
}

} // namespace thymos::codegen::cuda
