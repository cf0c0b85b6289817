//===- CudaLlm.cpp - rope, cache_write and attention kernels ----------------===//
//
// The positions are device data (an i32 tensor), read by the kernels, so a
// decode step's launches are the same for every token and can be captured
// once as a graph. A position that puts rows outside the cache, or a
// negative one, records a fault and the kernel writes nothing.
//
// attention: one block per (token, query head); the scores of keys
// 0 .. pos + t sit in shared memory as binary64 (as Attention.cpp sums
// them), the block takes their maximum and the sum of the exponentials, and
// each thread then adds the weighted value rows for its dimensions.
//
//===----------------------------------------------------------------------===//

#include "codegen/cuda/CudaOps.h"

namespace thymos::codegen::cuda {

namespace {

using rt::DType;
using rt::OpKind;

constexpr uint32_t kAttentionThreads = 128;
/// Scores of this many keys (binary64), with the reduction's partial sums,
/// fit the 48 KiB of static shared memory every GPU gives a block.
constexpr int64_t kMaxAttentionKeys = (48 * 1024 - 8 * kAttentionThreads) / 8;

std::string fault(const StepView &s, Fault code, const std::string &detail) {
  return "thy_fault(fault, " + std::to_string(unsigned(code)) + "u, " + std::to_string(s.index) +
         "u, (unsigned int)(" + detail + "))";
}

std::string ropeBody(const StepView &s) {
  const plan::TensorRecord &x = *s.inputs[0];
  const int64_t heads = x.dims[1], dim = x.dims[2], rotary = s.params[1];
  const std::string pairs = std::to_string(dim / 2) + "LL", h = std::to_string(heads) + "LL";
  const std::string type = cType(s.outType());
  return "  const long long i = (long long)blockIdx.x * blockDim.x + threadIdx.x;\n"
         "  if (i >= " +
         std::to_string(elementCount(x) / 2) +
         "LL) return;\n"
         "  const long long pair = i % " +
         pairs + ", t = i / (" + pairs + " * " + h +
         ");\n"
         "  const long long at = (i / " +
         pairs + ") * " + std::to_string(dim) +
         "LL + 2 * pair;\n"
         "  const int p = in1[t];\n"
         "  if (p < 0) { " +
         fault(s, Fault::NegativePosition, "p") +
         "; return; }\n"
         "  const double x0 = in0[at], x1 = in0[at + 1];\n"
         "  if (pair >= " +
         std::to_string(rotary / 2) +
         "LL) { out[at] = in0[at]; out[at + 1] = in0[at + 1]; return; }\n"
         "  const double theta = (double)p * pow(" +
         doubleLiteral(s.paramDouble(0)) + ", -2.0 * (double)pair / " +
         doubleLiteral(double(rotary)) + ")" +
         (s.op == OpKind::RopeScaled ? " / (double)in2[pair]" : "") +
         ";\n"
         "  double sn, cs;\n  sincos(theta, &sn, &cs);\n"
         "  out[at] = (" +
         type + ")(x0 * cs - x1 * sn);\n  out[at + 1] = (" + type + ")(x0 * sn + x1 * cs);\n";
}

/// Bytes of one cache row of `elements` elements (Q8_0: blocks of 32 in 34).
int64_t rowBytes(DType type, int64_t elements) {
  if (type == DType::Q8_0)
    return elements / 32 * 34;
  return elements * (type == DType::F64 ? 8 : type == DType::F16 ? 2 : 4);
}

std::string cacheWriteBody(const StepView &s) {
  const plan::TensorRecord &cache = *s.inputs[0], &rows = *s.inputs[1];
  const DType type = s.outType();
  const int64_t rowElems = elementCount(cache) / cache.dims[0];
  const std::string re = std::to_string(rowElems) + "LL";
  const std::string rb = std::to_string(rowBytes(type, rowElems)) + "LL";
  const std::string newRows = std::to_string(rows.dims[0]) + "LL";
  std::string body =
      "  const long long i = (long long)blockIdx.x * blockDim.x + threadIdx.x;\n"
      "  const long long threads = (long long)gridDim.x * blockDim.x;\n"
      "  const int pos = *in2;\n"
      "  if (pos < 0 || (long long)pos + " + newRows + " > " + std::to_string(cache.dims[0]) +
      "LL) {\n    if (i == 0) " + fault(s, Fault::RowsOutsideCache, "pos") +
      ";\n    return;\n  }\n"
      // Not in place: every other row copied, byte by byte (any element type).
      "  if ((const void *)out != (const void *)in0) {\n"
      "    const unsigned char *from = (const unsigned char *)in0;\n"
      "    unsigned char *to = (unsigned char *)out;\n"
      "    for (long long e = i; e < " + std::to_string(rowBytes(type, elementCount(cache))) +
      "LL; e += threads) {\n"
      "      const long long row = e / " + rb + ";\n"
      "      if (row < pos || row >= (long long)pos + " + newRows + ") to[e] = from[e];\n"
      "    }\n  }\n";
  if (type == DType::Q8_0) {
    // One thread per block of 32: ggml's reference quantizer (scale amax / 127
    // stored in f16, each value times its inverse rounded half away from 0).
    body += "  if (i >= " + std::to_string(elementCount(rows) / 32) + "LL) return;\n"
            "  const float *x = in1 + i * 32;\n"
            "  float amax = 0;\n"
            "  for (int e = 0; e < 32; ++e) amax = fmaxf(amax, fabsf(x[e]));\n"
            "  const float d = amax / 127.0f, id = d != 0.0f ? 1.0f / d : 0.0f;\n"
            "  unsigned char *block = out + (long long)pos * " + rb + " + i * 34;\n"
            "  const unsigned short h = thy_f32_to_f16(d);\n"
            "  block[0] = (unsigned char)h;\n  block[1] = (unsigned char)(h >> 8);\n"
            "  for (int e = 0; e < 32; ++e) {\n"
            "    const float v = roundf(x[e] * id);\n"
            "    block[2 + e] = (unsigned char)(signed char)(v < -128.0f ? -128.0f : "
            "v > 127.0f ? 127.0f : v);\n  }\n";
    return body;
  }
  const std::string value = type == DType::F16 ? "thy_f32_to_f16(in1[i])" : "in1[i]";
  return body + "  if (i < " + std::to_string(elementCount(rows)) + "LL) out[(long long)pos * " +
         re + " + i] = " + value + ";\n";
}

/// Element e (0 .. D-1) of key/value head g at row j of cache `in`, as a
/// double, for the cache's element type.
std::string cacheElement(DType type, const std::string &in, int64_t kvHeads, int64_t dim) {
  const std::string row = std::to_string(kvHeads * dim) + "LL";
  const std::string d = std::to_string(dim) + "LL";
  const std::string at = "j * " + row + " + g * " + d + " + e";
  if (type == DType::F16)
    return "(double)thy_f16_to_f32(" + in + "[" + at + "])";
  if (type == DType::Q8_0) {
    const std::string block = "(" + in + " + j * " + std::to_string(rowBytes(type, kvHeads * dim)) +
                              "LL + (g * " + d + " + e) / 32 * 34)";
    return "((double)thy_f16_to_f32((unsigned short)(" + block + "[0] | (" + block +
           "[1] << 8))) * (double)(signed char)" + block + "[2 + (g * " + d + " + e) % 32])";
  }
  return "(double)" + in + "[" + at + "]";
}

std::string attentionBody(const StepView &s) {
  const plan::TensorRecord &q = *s.inputs[0], &k = *s.inputs[1];
  const int64_t tokens = q.dims[0], heads = q.dims[1], dim = q.dims[2];
  const int64_t kvHeads = k.dims[1], capacity = k.dims[0];
  const std::string h = std::to_string(heads) + "LL", d = std::to_string(dim) + "LL";
  const std::string row = std::to_string(kvHeads * dim) + "LL";
  const std::string type = cType(s.outType());
  const DType cacheType = s.inType(1);
  return "  __shared__ double scores[" + std::to_string(capacity) + "];\n"
         "  __shared__ double partial[" + std::to_string(kAttentionThreads) + "];\n"
         "  const long long t = blockIdx.x / " + h + ", head = blockIdx.x % " + h + ";\n"
         "  const long long g = head / " + std::to_string(heads / kvHeads) + "LL;\n"
         "  const int pos = *in3;\n"
         "  if (pos < 0 || (long long)pos + " + std::to_string(tokens) + "LL > " +
         std::to_string(capacity) + "LL) {\n    if (blockIdx.x == 0 && threadIdx.x == 0) " +
         fault(s, Fault::RowsOutsideCache, "pos") + ";\n    return;\n  }\n"
         "  const long long keys = (long long)pos + t + 1;\n"
         "  const " + type + " *query = in0 + (t * " + h + " + head) * " + d + ";\n"
         "  for (long long j = threadIdx.x; j < keys; j += blockDim.x) {\n"
         "    double dot = 0;\n"
         "    for (long long e = 0; e < " + d + "; ++e)\n"
         "      dot += (double)query[e] * " + cacheElement(cacheType, "in1", kvHeads, dim) + ";\n"
         "    scores[j] = dot * " + doubleLiteral(s.paramDouble(0)) + ";\n  }\n"
         "  __syncthreads();\n"
         "  double top = -__longlong_as_double(0x7ff0000000000000LL);\n"
         "  for (long long j = threadIdx.x; j < keys; j += blockDim.x)\n"
         "    top = fmax(top, scores[j]);\n"
         "  top = thy_block_max(top, partial);\n"
         "  double sum = 0;\n"
         "  for (long long j = threadIdx.x; j < keys; j += blockDim.x) {\n"
         "    scores[j] = exp(scores[j] - top);\n    sum += scores[j];\n  }\n"
         "  sum = thy_block_sum(sum, partial);\n"
         "  for (long long e = threadIdx.x; e < " + d + "; e += blockDim.x) {\n"
         "    double acc = 0;\n"
         "    for (long long j = 0; j < keys; ++j)\n"
         "      acc += scores[j] * " + cacheElement(cacheType, "in2", kvHeads, dim) + ";\n"
         "    out[(t * " + h + " + head) * " + d + " + e] = (" + type + ")(acc / sum);\n  }\n";
}

} // namespace

bool llmLowerable(const StepView &s, std::string &why) {
  // f16 and q8_0 caches: cache_write's result, attention's k and v.
  const DType t = s.op == OpKind::Attention ? s.inType(0) : s.outType();
  const bool cacheOp = s.op == OpKind::CacheWrite;
  if (t != DType::F32 && t != DType::F64 &&
      !(cacheOp && (t == DType::F16 || t == DType::Q8_0))) {
    why = noLowering(s, "on", t);
    return false;
  }
  if (s.op == OpKind::Attention && s.inputs[1]->dims[0] > kMaxAttentionKeys) {
    why = "attention over a cache of " + std::to_string(s.inputs[1]->dims[0]) +
          " positions has no CUDA lowering yet (at most " + std::to_string(kMaxAttentionKeys) +
          ")";
    return false;
  }
  return true;
}

EmittedKernel emitLlm(const StepView &s) {
  EmittedKernel k;
  k.name = kernelName(s);
  k.faults = true;
  std::string body;
  if (s.op == OpKind::Rope || s.op == OpKind::RopeScaled) {
    k.launch = linearLaunch(elementCount(*s.inputs[0]) / 2);
    body = ropeBody(s);
  } else if (s.op == OpKind::CacheWrite) {
    // Enough threads for the new rows' elements, and to copy the rest when
    // not in place (a grid-stride loop).
    k.launch = linearLaunch(elementCount(*s.inputs[1]));
    body = cacheWriteBody(s);
  } else {
    k.launch.grid = static_cast<uint64_t>(s.inputs[0]->dims[0] * s.inputs[0]->dims[1]);
    k.launch.block = kAttentionThreads;
    body = attentionBody(s);
  }
  k.source = signature(s, k.name, true) + body + "}\n";
  return k;
}

} // namespace thymos::codegen::cuda
