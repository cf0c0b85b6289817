//===- BlockCodec.h - One interface over the block-quantized types ---------===//
//
// Casts and embedding lookups treat every block-quantized type alike: so many
// values in so many bytes, a way in from f32 and a way out. The formats
// themselves live in runtime/quant (Quant.h, KQuant.h).
//
//===----------------------------------------------------------------------===//
#pragma once

#include "runtime/Tensor.h"

#include <cstddef>
#include <cstdint>

namespace thymos::rt {

struct BlockCodec {
  int64_t blockElems;
  size_t blockBytes;
  /// `n` values (a multiple of blockElems) to blocks, and back.
  void (*quantize)(const float *x, void *blocks, int64_t n);
  void (*dequantize)(const void *blocks, float *y, int64_t n);
};

/// The codec of `dtype`, or nullptr for a type with whole elements.
const BlockCodec *blockCodec(DType dtype);

inline bool isBlockQuantized(DType dtype) { return blockCodec(dtype) != nullptr; }

} // namespace thymos::rt
