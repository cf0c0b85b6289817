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

} // namespace

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
