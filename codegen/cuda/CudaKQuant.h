//===- CudaKQuant.h - ggml's K-quants in emitted CUDA ----------------------===//
//
// Device functions that read element e of a row of Q4_K, Q5_K or Q6_K
// super-blocks (runtime/quant/KQuant.h gives the layouts), with the rounding
// of runtime/quant's dequantization: every product and difference rounded on
// its own, never fused. The matmul, its GEMM prologue and the embedding
// gather call them.
//
//===----------------------------------------------------------------------===//
#pragma once

#include "runtime/Tensor.h"

#include <cstdint>
#include <string>

namespace thymos::codegen::cuda {

/// The device functions, appended to every module's prelude.
extern const char *const kKQuantPrelude;

bool isKQuant(rt::DType type);
/// Bytes of a row of `elements` (a multiple of 256).
int64_t kQuantRowBytes(rt::DType type, int64_t elements);
/// A float expression: element `element` of the row that starts at `row`.
std::string kQuantValue(rt::DType type, const std::string &row, const std::string &element);

} // namespace thymos::codegen::cuda
