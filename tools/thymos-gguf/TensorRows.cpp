//===- TensorRows.cpp - GGUF tensor rows to and from f32 -------------------===//

#include "TensorRows.h"

#include "runtime/cpu/BlockCodec.h"
#include "runtime/cpu/SmallFloat.h"

#include <cstring>

namespace thymos::gguf_tool {

namespace {

using gguf::GgmlType;

const rt::BlockCodec *codecOf(GgmlType type) {
  switch (type) {
  case GgmlType::Q8_0: return rt::blockCodec(rt::DType::Q8_0);
  case GgmlType::Q4_0: return rt::blockCodec(rt::DType::Q4_0);
  case GgmlType::Q4_K: return rt::blockCodec(rt::DType::Q4_K);
  case GgmlType::Q5_K: return rt::blockCodec(rt::DType::Q5_K);
  case GgmlType::Q6_K: return rt::blockCodec(rt::DType::Q6_K);
  default: return nullptr;
  }
}

float halfAt(const unsigned char *p) {
  return quant::halfToFloat(static_cast<uint16_t>(p[0] | (p[1] << 8)));
}

/// Q4_1, Q5_0 and Q5_1 rows, read only (llama-quantize falls back to them
/// for rows that are not whole K-quant super-blocks): ggml's layouts, a
/// block of 32 being an f16 scale d, for Q4_1 and Q5_1 an f16 offset m, for
/// the Q5 types 32 fifth bits (element j's is bit j of a little-endian
/// 32-bit word), then 16 bytes of nibbles (element j low, j + 16 high).
bool readLegacy(GgmlType type, const unsigned char *src, float *dst, uint64_t n) {
  const bool q5 = type == GgmlType::Q5_0 || type == GgmlType::Q5_1;
  const bool offset = type == GgmlType::Q4_1 || type == GgmlType::Q5_1;
  if (!q5 && type != GgmlType::Q4_1)
    return false;
  const size_t bytes = 2 + (offset ? 2 : 0) + (q5 ? 4 : 0) + 16;
  for (uint64_t b = 0; b < n / 32; ++b, src += bytes) {
    const float d = halfAt(src), m = offset ? halfAt(src + 2) : 0.0f;
    const unsigned char *qh = src + (offset ? 4 : 2), *qs = qh + (q5 ? 4 : 0);
    const uint32_t high =
        q5 ? uint32_t(qh[0]) | uint32_t(qh[1]) << 8 | uint32_t(qh[2]) << 16 | uint32_t(qh[3]) << 24
           : 0;
    for (int j = 0; j < 16; ++j) {
      int lo = (qs[j] & 0x0f) | int((high >> j) & 1) << 4;
      int hi = (qs[j] >> 4) | int((high >> (j + 16)) & 1) << 4;
      if (type == GgmlType::Q5_0)
        lo -= 16, hi -= 16;
      dst[b * 32 + uint64_t(j)] = offset ? float(lo) * d + m : float(lo) * d;
      dst[b * 32 + uint64_t(j) + 16] = offset ? float(hi) * d + m : float(hi) * d;
    }
  }
  return true;
}

} // namespace

bool readable(GgmlType type) {
  return convertible(type) || type == GgmlType::Q4_1 || type == GgmlType::Q5_0 ||
         type == GgmlType::Q5_1;
}

bool convertible(GgmlType type) {
  return type == GgmlType::F32 || type == GgmlType::F16 || type == GgmlType::BF16 ||
         codecOf(type) != nullptr;
}

const char *typeName(GgmlType type) {
  return gguf::ggmlTypeInfo(static_cast<uint32_t>(type))->name;
}

uint64_t rowBytes(GgmlType type, uint64_t n) {
  const gguf::GgmlTypeInfo *info = gguf::ggmlTypeInfo(static_cast<uint32_t>(type));
  return n / info->blockElems * info->blockBytes;
}

void rowToFloat(GgmlType type, const unsigned char *src, float *dst, uint64_t n) {
  if (readLegacy(type, src, dst, n))
    return;
  if (const rt::BlockCodec *codec = codecOf(type))
    return codec->dequantize(src, dst, static_cast<int64_t>(n));
  if (type == GgmlType::F32)
    return void(std::memcpy(dst, src, n * sizeof(float)));
  for (uint64_t i = 0; i < n; ++i) {
    const auto bits = static_cast<uint16_t>(src[2 * i] | (src[2 * i + 1] << 8));
    dst[i] = type == GgmlType::BF16 ? rt::bfloat16ToFloat(bits) : quant::halfToFloat(bits);
  }
}

void rowFromFloat(GgmlType type, const float *src, unsigned char *dst, uint64_t n) {
  if (const rt::BlockCodec *codec = codecOf(type))
    return codec->quantize(src, dst, static_cast<int64_t>(n));
  if (type == GgmlType::F32)
    return void(std::memcpy(dst, src, n * sizeof(float)));
  for (uint64_t i = 0; i < n; ++i) {
    const uint16_t bits =
        type == GgmlType::BF16 ? rt::floatToBFloat16(src[i]) : quant::floatToHalf(src[i]);
    dst[2 * i] = static_cast<unsigned char>(bits & 0xff);
    dst[2 * i + 1] = static_cast<unsigned char>(bits >> 8);
  }
}

} // namespace thymos::gguf_tool
