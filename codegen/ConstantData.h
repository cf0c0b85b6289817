//===- ConstantData.h - `const` values as the bytes a plan stores -------------===//
#pragma once

#include "ir/Attribute.h"
#include "ir/TensorType.h"

#include <string>
#include <vector>

namespace thymos::codegen {

/// The most bytes one constant may take in a plan. A one-number constant
/// (`const {value = 0.0} : () -> f32[65536,65536]`) is a few bytes of text but
/// is stored element by element; large weights belong in an external file.
inline constexpr int64_t kMaxConstantBytes = int64_t(256) << 20;

/// The row-major bytes of `value` (an array of the type's shape, or one
/// number repeated) in `type`'s element type. Floats round to nearest even
/// (f16 and bf16 too). Returns false with `error` set for quantized types and
/// for constants of more than kMaxConstantBytes.
bool encodeConstant(const ir::Attribute &value, const ir::TensorType &type,
                    std::vector<unsigned char> &bytes, std::string &error);

/// IEEE binary16 / bfloat16 bits of `value`, rounded to nearest even.
uint16_t toHalfBits(float value);
uint16_t toBFloat16Bits(float value);

} // namespace thymos::codegen
