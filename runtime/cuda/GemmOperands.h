//===- GemmOperands.h - A matmul step as one cuBLAS GEMM --------------------===//
//
// A matmul with many rows of f32 activations (a prompt's tokens) runs as a
// cuBLAS GEMM rather than as an emitted kernel: the emitted matrix × vector
// kernels read the weights once per row, cuBLAS once per tile, on tensor
// cores. This header is the one definition, shared by codegen (which steps
// become GEMMs, and what their prologue kernel writes) and the runtime
// (which checks an untrusted plan's GEMM steps and makes the call).
//
// Weights of f16, Q8_0, Q4_0 or a K-quant ([n, k] rows) go through f16: the step's
// prologue kernel writes the weights dequantized to f16 at the start of the
// GEMM scratch buffer and the activations rounded to f16 after them, and the
// GEMM sums in f32 (what ggml's CUDA backend does for large batches). f32
// weights are read in place by an f32 GEMM (the prologue writes nothing).
//
//===----------------------------------------------------------------------===//
#pragma once

#include "runtime/PlanFormat.h"

#include <cstdint>

namespace thymos::rt {
class Plan;
}

namespace thymos::rt::cuda {

/// Fewer rows than this stay with the emitted kernels (decode: one row).
inline constexpr int64_t kGemmMinRows = 32;
/// The GEMM scratch buffer a plan may ask for (the largest weight in f16 and
/// its activations).
inline constexpr uint64_t kGemmMaxScratch = uint64_t(8) << 30;

struct GemmOperands {
  int64_t m = 0, n = 0, k = 0; ///< out[m, n] = a[m, k] · b, with b [k, n] or [n, k]
  bool transposeB = false;     ///< b is stored as [n, k] rows
  bool halfOperands = false;   ///< the prologue writes b then a as f16 into the scratch
  uint64_t scratchBytes = 0;   ///< 2 (n·k + m·k) with halfOperands, else 0
};

/// The GEMM of a matmul of `a` and `b` giving `out` (transpose_b as
/// given); false when the step is not one (too few rows, a batched rhs,
/// other types, or sizes beyond cuBLAS's int dimensions or the scratch cap).
bool gemmOperands(const plan::TensorRecord &a, const plan::TensorRecord &b,
                  const plan::TensorRecord &out, bool transposeB, GemmOperands &g);
/// The GEMM of step `step` of `plan`: false unless it is a matmul (of two
/// operands and its transpose_b param) that gemmOperands takes. The step's
/// indices must have been validated.
bool stepGemmOperands(const Plan &plan, size_t step, GemmOperands &g);

} // namespace thymos::rt::cuda
