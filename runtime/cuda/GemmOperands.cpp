//===- GemmOperands.cpp - A matmul step as one cuBLAS GEMM ------------------===//

#include "runtime/cuda/GemmOperands.h"

#include "runtime/CheckedSize.h"
#include "runtime/Plan.h"
#include "runtime/Tensor.h"

#include <limits>

namespace thymos::rt::cuda {

bool gemmOperands(const plan::TensorRecord &a, const plan::TensorRecord &b,
                  const plan::TensorRecord &out, bool transposeB, GemmOperands &g) {
  const auto type = [](const plan::TensorRecord &t) { return static_cast<DType>(t.dtype); };
  if (type(a) != DType::F32 || type(out) != DType::F32 || b.rank != 2 || a.rank < 2 ||
      out.rank != a.rank)
    return false;
  const bool rowWeights = type(b) == DType::F16 || type(b) == DType::Q8_0 ||
                          type(b) == DType::Q4_0 || type(b) == DType::Q4_K ||
                          type(b) == DType::Q5_K || type(b) == DType::Q6_K;
  if (!(type(b) == DType::F32 || (rowWeights && transposeB)))
    return false;
  g = GemmOperands{};
  g.k = a.dims[a.rank - 1];
  g.n = out.dims[out.rank - 1];
  g.m = 1;
  for (unsigned d = 0; d + 1 < a.rank; ++d)
    if (!checkedMul(g.m, a.dims[d], g.m))
      return false;
  const int64_t bk = transposeB ? b.dims[1] : b.dims[0], bn = transposeB ? b.dims[0] : b.dims[1];
  constexpr int64_t kIntMax = std::numeric_limits<int32_t>::max();
  if (bk != g.k || bn != g.n || g.m < kGemmMinRows || g.m > kIntMax || g.n < 1 ||
      g.n > kIntMax || g.k < 1 || g.k > kIntMax)
    return false;
  g.transposeB = transposeB;
  g.halfOperands = rowWeights;
  if (rowWeights) {
    int64_t weights, activations, elements;
    if (!checkedMul(g.n, g.k, weights) || !checkedMul(g.m, g.k, activations) ||
        !checkedAdd(weights, activations, elements) ||
        static_cast<uint64_t>(elements) > kGemmMaxScratch / 2)
      return false;
    g.scratchBytes = static_cast<uint64_t>(elements) * 2;
  }
  return true;
}

bool stepGemmOperands(const Plan &plan, size_t step, GemmOperands &g) {
  const plan::StepRecord &s = plan.steps()[step];
  if (static_cast<OpKind>(s.opcode) != OpKind::MatMul || s.inputCount != 2 || s.paramCount < 1)
    return false;
  const auto &t = plan.tensors();
  return gemmOperands(t[plan.indices()[s.inputStart]], t[plan.indices()[s.inputStart + 1]],
                      t[s.output], plan.params()[s.paramStart] == 1, g);
}

} // namespace thymos::rt::cuda
