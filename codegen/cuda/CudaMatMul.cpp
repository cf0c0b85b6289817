//===- CudaMatMul.cpp - matmul kernels ---------------------------------------===//
//
// Weights stored as [n, k] rows (transpose_b) of Q8_0, Q4_0, f16 or a K-quant
// (CudaKQuant.h, element by element) against
// f32 activations: one warp per output element, its lanes taking the row's
// blocks of 32 in turn and dequantizing them with ggml's layouts (Q8_0: f16
// scale, 32 int8; Q4_0: f16 scale, 16 bytes whose low nibbles are elements
// 0..15 and high nibbles 16..31, minus 8), then a warp sum. f32 and f64
// products with NumPy batch broadcasting: one thread per output element.
// A matmul with many rows (a prompt) is a cuBLAS GEMM instead
// (runtime/cuda/GemmOperands.h); its kernel is the prologue that writes the
// f16 operands cuBLAS reads.
//
//===----------------------------------------------------------------------===//

#include "codegen/cuda/CudaKQuant.h"
#include "codegen/cuda/CudaOps.h"
#include "runtime/cuda/GemmOperands.h"

#include <algorithm>

namespace thymos::codegen::cuda {

namespace {

using rt::DType;

constexpr uint32_t kWarpsPerBlock = 8;
constexpr int64_t kMaxGridY = 65535;

bool rowWeights(DType t) {
  return t == DType::Q8_0 || t == DType::Q4_0 || t == DType::F16 || isKQuant(t);
}

/// The element offset of operand `x`'s matrix for the output's batch
/// coordinates c0 .. c{rank-3}: batch dims aligned from the right, size-1
/// dims broadcast.
std::string batchOffset(const plan::TensorRecord &x, const plan::TensorRecord &out) {
  std::string expr;
  int64_t stride = x.dims[x.rank - 2] * x.dims[x.rank - 1];
  for (unsigned k = 0; k + 2 < x.rank; ++k) {
    const unsigned dx = x.rank - 3 - k, dOut = out.rank - 3 - k;
    if (x.dims[dx] != 1)
      expr += (expr.empty() ? "" : " + ") + ("c" + std::to_string(dOut)) + " * " +
              std::to_string(stride) + "LL";
    stride *= x.dims[dx];
  }
  return expr.empty() ? "0LL" : expr;
}

std::string denseBody(const StepView &s) {
  const plan::TensorRecord &a = *s.inputs[0], &b = *s.inputs[1], &out = *s.output;
  const bool transposeB = s.params[0] != 0;
  const int64_t n = out.dims[out.rank - 1], k = a.dims[a.rank - 1];
  const std::string type = cType(s.outType());
  const std::string bIndex = transposeB ? "j * " + std::to_string(k) + "LL + p"
                                        : "p * " + std::to_string(n) + "LL + j";
  std::string body = "  const long long i = (long long)blockIdx.x * blockDim.x + threadIdx.x;\n"
                     "  if (i >= " +
                     std::to_string(elementCount(out)) + "LL) return;\n";
  body += coordinates(out.dims, out.rank);
  body += "  const long long row = c" + std::to_string(out.rank - 2) + ", j = c" +
          std::to_string(out.rank - 1) + ";\n";
  body += "  const " + type + " *x = in0 + " + batchOffset(a, out) + " + row * " +
          std::to_string(k) + "LL;\n  const " + type + " *w = in1 + " + batchOffset(b, out) +
          ";\n";
  if (s.outType() == DType::F16) // f32 sums of the f16 products, rounded once
    body += "  float sum = 0;\n  for (long long p = 0; p < " + std::to_string(k) +
            "LL; ++p) sum += thy_f16_to_f32(x[p]) * thy_f16_to_f32(w[" + bIndex +
            "]);\n  out[i] = thy_f64_to_f16((double)sum);\n";
  else
    body += "  " + type + " sum = 0;\n  for (long long p = 0; p < " + std::to_string(k) +
            "LL; ++p) sum += x[p] * w[" + bIndex + "];\n  out[i] = sum;\n";
  return body;
}

std::string rowWeightsBody(const StepView &s) {
  const plan::TensorRecord &a = *s.inputs[0], &out = *s.output;
  const DType w = s.inType(1);
  const int64_t n = out.dims[out.rank - 1], k = a.dims[a.rank - 1];
  const int64_t blocks = k / 32;
  std::string body =
      "  const long long row = blockIdx.y;\n"
      "  const long long j = (long long)blockIdx.x * " +
      std::to_string(kWarpsPerBlock) +
      "LL + threadIdx.x / 32;\n"
      "  const int lane = threadIdx.x % 32;\n"
      "  if (j >= " +
      std::to_string(n) +
      "LL) return;\n"
      "  const float *x = in0 + row * " +
      std::to_string(k) + "LL;\n  float sum = 0;\n";
  if (w == DType::F16) {
    body += "  const unsigned short *wr = in1 + j * " + std::to_string(k) +
            "LL;\n"
            "  for (long long p = lane; p < " +
            std::to_string(k) + "LL; p += 32) sum += thy_f16_to_f32(wr[p]) * x[p];\n";
  } else if (isKQuant(w)) { // the lanes take consecutive elements: coalesced reads
    body += "  const unsigned char *wr = in1 + j * " + std::to_string(kQuantRowBytes(w, k)) +
            "LL;\n  for (long long p = lane; p < " + std::to_string(k) +
            "LL; p += 32) sum += " + kQuantValue(w, "wr", "p") + " * x[p];\n";
  } else {
    const int64_t blockBytes = w == DType::Q8_0 ? 34 : 18;
    body += "  const unsigned char *wr = in1 + j * " + std::to_string(blocks * blockBytes) +
            "LL;\n"
            "  for (long long b = lane; b < " +
            std::to_string(blocks) + "LL; b += 32) {\n    const unsigned char *block = wr + b * " +
            std::to_string(blockBytes) +
            "LL;\n"
            "    const float d = thy_f16_to_f32((unsigned short)(block[0] | (block[1] << 8)));\n"
            "    const float *xb = x + b * 32;\n    float dot = 0;\n";
    body += w == DType::Q8_0
                ? "    for (int e = 0; e < 32; ++e)\n"
                  "      dot += (float)(signed char)block[2 + e] * xb[e];\n"
                : "    for (int e = 0; e < 16; ++e) {\n"
                  "      dot += (float)((block[2 + e] & 15) - 8) * xb[e];\n"
                  "      dot += (float)((block[2 + e] >> 4) - 8) * xb[e + 16];\n    }\n";
    body += "    sum += d * dot;\n  }\n";
  }
  body += "  for (int offset = 16; offset > 0; offset /= 2)\n"
          "    sum += __shfl_xor_sync(0xffffffffu, sum, offset);\n"
          "  if (lane == 0) out[row * " +
          std::to_string(n) + "LL + j] = sum;\n";
  return body;
}

/// Element `e % 32` of the Q8_0 or Q4_0 block at `block`, as an f32
/// expression (the product of two f16 values is exact in f32).
std::string weightElement(DType w) {
  const std::string scale =
      "thy_f16_to_f32((unsigned short)(block[0] | (block[1] << 8)))";
  if (w == DType::Q8_0)
    return scale + " * (float)(signed char)block[2 + e % 32]";
  return scale + " * (float)((e % 32 < 16 ? block[2 + e % 16] & 15 : block[2 + e % 16] >> 4) - 8)";
}

/// The GEMM's prologue: the weights dequantized to f16 [n, k] at the start
/// of the scratch, then the activations rounded to f16 [m, k]; nothing for
/// f32 weights, which cuBLAS reads in place.
std::string gemmPrologue(const StepView &s, const rt::cuda::GemmOperands &g) {
  std::string body = "  // cuBLAS GEMM " + std::to_string(g.m) + " x " + std::to_string(g.n) +
                     " x " + std::to_string(g.k) + ": the prologue writes its operands\n";
  if (!g.halfOperands)
    return body + "  // (none: f32 operands are read in place)\n";
  const DType w = s.inType(1);
  const std::string weights = std::to_string(g.n * g.k) + "LL";
  const std::string total = std::to_string(g.n * g.k + g.m * g.k) + "LL";
  const std::string k = std::to_string(g.k) + "LL";
  body += "  for (long long i = (long long)blockIdx.x * blockDim.x + threadIdx.x; i < " + total +
          ";\n       i += (long long)gridDim.x * blockDim.x) {\n"
          "    if (i >= " + weights + ") {\n"
          "      scratch[i] = thy_f32_to_f16(in0[i - " + weights + "]);\n      continue;\n    }\n";
  if (isKQuant(w)) {
    body += "    const long long e = i % " + k + ";\n"
            "    scratch[i] = thy_f32_to_f16(" +
            kQuantValue(w, "in1 + (i / " + k + ") * " + std::to_string(kQuantRowBytes(w, g.k)) +
                               "LL", "e") +
            ");\n  }\n";
    return body;
  }
  if (w != DType::F16) {
    const int64_t blockBytes = w == DType::Q8_0 ? 34 : 18;
    body += "    const long long e = i % " + k + ";\n"
            "    const unsigned char *block = in1 + (i / " + k + ") * " +
            std::to_string(g.k / 32 * blockBytes) + "LL + e / 32 * " +
            std::to_string(blockBytes) + "LL;\n";
  }
  body += w == DType::F16 ? "    scratch[i] = in1[i];\n  }\n"
                         : "    scratch[i] = thy_f32_to_f16(" + weightElement(w) + ");\n  }\n";
  return body;
}

EmittedKernel emitGemm(const StepView &s, const rt::cuda::GemmOperands &g) {
  EmittedKernel k;
  k.name = kernelName(s);
  k.gemm = true;
  std::string head = signature(s, k.name, false);
  head.insert(head.size() - 4, ", unsigned short *__restrict__ scratch");
  k.source = head + gemmPrologue(s, g) + "}\n";
  // Grid-stride: enough blocks to fill any device, each thread a few elements.
  const int64_t elements = std::max<int64_t>(1, g.halfOperands ? g.n * g.k + g.m * g.k : 1);
  k.launch = linearLaunch(std::min<int64_t>(elements, int64_t(65536) * 256));
  return k;
}

bool gemmStep(const StepView &s, rt::cuda::GemmOperands &g) {
  return s.op == rt::OpKind::MatMul &&
         rt::cuda::gemmOperands(*s.inputs[0], *s.inputs[1], *s.output, s.params[0] == 1, g);
}

} // namespace

bool matmulLowerable(const StepView &s, std::string &why) {
  const DType a = s.inType(0), b = s.inType(1), out = s.outType();
  if ((a == DType::F32 || a == DType::F64 || a == DType::F16) && b == a && out == a)
    return true;
  rt::cuda::GemmOperands g;
  if (gemmStep(s, g))
    return true;
  if (a == DType::F32 && rowWeights(b) && out == DType::F32 && s.inputs[1]->rank == 2) {
    const int64_t rows = elementCount(*s.inputs[0]) / s.inputs[0]->dims[s.inputs[0]->rank - 1];
    if (rows <= kMaxGridY)
      return true;
    why = "matmul of " + std::to_string(rows) + " rows against " + typeName(b) +
          " weights has no CUDA lowering yet (at most " + std::to_string(kMaxGridY) + ")";
    return false;
  }
  why = std::string("matmul of ") + typeName(a) + " and " + typeName(b) + " giving " +
        typeName(out) + " has no CUDA lowering";
  return false;
}

EmittedKernel emitMatMul(const StepView &s) {
  EmittedKernel k;
  k.name = kernelName(s);
  const plan::TensorRecord &out = *s.output;
  if (rt::cuda::GemmOperands g; gemmStep(s, g))
    return emitGemm(s, g);
  if (s.inType(0) == DType::F32 && rowWeights(s.inType(1))) {
    const int64_t n = out.dims[out.rank - 1];
    k.launch.grid = static_cast<uint64_t>((n + kWarpsPerBlock - 1) / kWarpsPerBlock);
    k.launch.gridY = static_cast<uint32_t>(elementCount(out) / n);
    k.launch.block = 32 * kWarpsPerBlock;
    k.source = signature(s, k.name, false) + rowWeightsBody(s) + "}\n";
    return k;
  }
  k.launch = linearLaunch(elementCount(out));
  k.source = signature(s, k.name, false) + denseBody(s) + "}\n";
  return k;
}

} // namespace thymos::codegen::cuda
