//===- BlockCodec.cpp - The block-quantized types' codecs ------------------===//

#include "runtime/cpu/BlockCodec.h"

#include "runtime/quant/KQuant.h"
#include "runtime/quant/Quant.h"

namespace thymos::rt {

namespace {

template <quant::KFormat Format> void quantizeK(const float *x, void *blocks, int64_t n) {
  quant::quantizeRowK(Format, x, blocks, n);
}

template <quant::KFormat Format> void dequantizeK(const void *blocks, float *y, int64_t n) {
  quant::dequantizeRowK(Format, blocks, y, n);
}

constexpr BlockCodec kQ8_0{quant::kBlockElems, quant::kQ8_0BlockBytes, quant::quantizeRowQ8_0,
                           quant::dequantizeRowQ8_0};
constexpr BlockCodec kQ4_0{quant::kBlockElems, quant::kQ4_0BlockBytes, quant::quantizeRowQ4_0,
                           quant::dequantizeRowQ4_0};
constexpr BlockCodec kQ4_K{quant::kSuperBlockElems, quant::kQ4_KBlockBytes,
                           quantizeK<quant::KFormat::Q4_K>, dequantizeK<quant::KFormat::Q4_K>};
constexpr BlockCodec kQ5_K{quant::kSuperBlockElems, quant::kQ5_KBlockBytes,
                           quantizeK<quant::KFormat::Q5_K>, dequantizeK<quant::KFormat::Q5_K>};
constexpr BlockCodec kQ6_K{quant::kSuperBlockElems, quant::kQ6_KBlockBytes,
                           quantizeK<quant::KFormat::Q6_K>, dequantizeK<quant::KFormat::Q6_K>};

} // namespace

const BlockCodec *blockCodec(DType dtype) {
  switch (dtype) {
  case DType::Q8_0: return &kQ8_0;
  case DType::Q4_0: return &kQ4_0;
  case DType::Q4_K: return &kQ4_K;
  case DType::Q5_K: return &kQ5_K;
  case DType::Q6_K: return &kQ6_K;
  default: return nullptr;
  }
}

} // namespace thymos::rt
