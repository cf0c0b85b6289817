//===- CudaKQuant.cpp - ggml's K-quants in emitted CUDA --------------------===//

#include "codegen/cuda/CudaKQuant.h"

#include "runtime/quant/KQuant.h"

namespace thymos::codegen::cuda {

using rt::DType;

const char *const kKQuantPrelude = R"(// K-quants: element e of a row of 256-value super-blocks.
__device__ __forceinline__ float thy_k_half(const unsigned char *p) {
  return thy_f16_to_f32((unsigned short)(p[0] | (p[1] << 8)));
}
// The 6-bit scale (or, with `min`, the min) of sub-block j of Q4_K and Q5_K.
__device__ __forceinline__ int thy_k_scale(const unsigned char *s, int j, bool min) {
  const int o = min ? 4 : 0;
  return j < 4 ? s[j + o] & 63 : ((s[j + 4] >> o) & 15) | ((s[j - 4 + o] >> 6) << 4);
}
__device__ float thy_q4_k_value(const unsigned char *row, long long e) {
  const unsigned char *b = row + (e / 256) * 144;
  const int j = (int)(e % 256), sub = j / 32;
  const unsigned char q = b[16 + (j / 64) * 32 + j % 32];
  const float d = __fmul_rn(thy_k_half(b), (float)thy_k_scale(b + 4, sub, false));
  const float m = __fmul_rn(thy_k_half(b + 2), (float)thy_k_scale(b + 4, sub, true));
  return __fsub_rn(__fmul_rn(d, (float)((sub & 1) ? q >> 4 : q & 15)), m);
}
__device__ float thy_q5_k_value(const unsigned char *row, long long e) {
  const unsigned char *b = row + (e / 256) * 176;
  const int j = (int)(e % 256), sub = j / 32;
  const unsigned char q = b[48 + (j / 64) * 32 + j % 32];
  const int high = (b[16 + j % 32] >> sub) & 1;
  const float d = __fmul_rn(thy_k_half(b), (float)thy_k_scale(b + 4, sub, false));
  const float m = __fmul_rn(thy_k_half(b + 2), (float)thy_k_scale(b + 4, sub, true));
  return __fsub_rn(__fmul_rn(d, (float)(((sub & 1) ? q >> 4 : q & 15) + 16 * high)), m);
}
__device__ float thy_q6_k_value(const unsigned char *row, long long e) {
  const unsigned char *b = row + (e / 256) * 210;
  const int j = (int)(e % 256), half = j / 128, quarter = (j % 128) / 32, l = j % 32;
  const unsigned char low = b[half * 64 + (quarter & 1) * 32 + l];
  const int q = ((quarter & 2) ? low >> 4 : low & 15) |
                (((b[128 + half * 32 + l] >> (2 * quarter)) & 3) << 4);
  const int scale = (signed char)b[192 + half * 8 + l / 16 + 2 * quarter];
  return __fmul_rn(__fmul_rn(thy_k_half(b + 208), (float)scale), (float)(q - 32));
}
)";

bool isKQuant(DType type) {
  return type == DType::Q4_K || type == DType::Q5_K || type == DType::Q6_K;
}

int64_t kQuantRowBytes(DType type, int64_t elements) {
  const size_t block = type == DType::Q4_K   ? quant::kQ4_KBlockBytes
                       : type == DType::Q5_K ? quant::kQ5_KBlockBytes
                                             : quant::kQ6_KBlockBytes;
  return elements / quant::kSuperBlockElems * static_cast<int64_t>(block);
}

std::string kQuantValue(DType type, const std::string &row, const std::string &element) {
  const char *name = type == DType::Q4_K   ? "thy_q4_k_value"
                     : type == DType::Q5_K ? "thy_q5_k_value"
                                           : "thy_q6_k_value";
  return std::string(name) + "(" + row + ", " + element + ")";
}

} // namespace thymos::codegen::cuda
