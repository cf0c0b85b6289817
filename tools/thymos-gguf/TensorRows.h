//===- TensorRows.h - GGUF tensor rows to and from f32 ---------------------===//
//
// The types thymos-gguf converts: F32, F16, BF16 and the block-quantized
// types the runtime has codecs for (Q8_0, Q4_0, Q4_K, Q5_K, Q6_K). 16-bit
// values are little-endian, as GGUF stores them.
//
//===----------------------------------------------------------------------===//
#pragma once

#include "runtime/gguf/GgmlType.h"

#include <cstdint>

namespace thymos::gguf_tool {

/// Whether rows of `type` can be converted.
bool convertible(gguf::GgmlType type);
/// Whether rowToFloat() reads rows of `type`: the convertible types, and
/// Q4_1, Q5_0 and Q5_1 (to compare other quantizers' files).
bool readable(gguf::GgmlType type);
/// "F32", "Q4_K", ...
const char *typeName(gguf::GgmlType type);
/// Bytes of a row of `n` elements (a multiple of the type's block).
uint64_t rowBytes(gguf::GgmlType type, uint64_t n);
/// One row of `n` elements of a readable type to f32; of a convertible type
/// from f32.
void rowToFloat(gguf::GgmlType type, const unsigned char *src, float *dst, uint64_t n);
void rowFromFloat(gguf::GgmlType type, const float *src, unsigned char *dst, uint64_t n);

} // namespace thymos::gguf_tool
