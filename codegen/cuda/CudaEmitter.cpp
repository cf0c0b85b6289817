//===- CudaEmitter.cpp - A plan's steps as one CUDA translation unit --------===//

#include "codegen/cuda/CudaEmitter.h"

#include "codegen/cuda/CudaKQuant.h"
#include "codegen/cuda/CudaOps.h"
#include "runtime/cpu/ElementwiseMath.h"

namespace thymos::codegen::cuda {

namespace {

using rt::OpKind;

/// Device helpers every kernel may use. f16 is converted with PTX's cvt
/// (one rounding, to nearest even), so no CUDA header is needed; float to
/// i32 is PTX's truncating conversion, which saturates and maps NaN to 0
/// (Cast.cpp's rule).
const char *const kPrelude = R"(// Emitted by thymosc --target=cuda: one kernel per plan step.
__device__ __forceinline__ float thy_f16_to_f32(unsigned short h) {
  float f;
  asm("cvt.f32.f16 %0, %1;" : "=f"(f) : "h"(h));
  return f;
}
__device__ __forceinline__ unsigned short thy_f64_to_f16(double d) {
  unsigned short h;
  asm("cvt.rn.f16.f64 %0, %1;" : "=h"(h) : "d"(d));
  return h;
}
__device__ __forceinline__ unsigned short thy_f32_to_f16(float f) {
  unsigned short h;
  asm("cvt.rn.f16.f32 %0, %1;" : "=h"(h) : "f"(f));
  return h;
}
__device__ __forceinline__ int thy_f64_to_i32(double d) {
  int i;
  asm("cvt.rzi.s32.f64 %0, %1;" : "=r"(i) : "d"(d));
  return i;
}
// The first fault of an entry wins: {code, step, detail}.
__device__ void thy_fault(unsigned int *fault, unsigned int code, unsigned int step,
                          unsigned int detail) {
  if (atomicCAS(fault, 0u, code) == 0u) {
    fault[1] = step;
    fault[2] = detail;
  }
}
// Sum (max) of one value per thread over the block, returned to every
// thread; `partial` holds blockDim.x doubles (a power of two).
__device__ double thy_block_sum(double v, double *partial) {
  partial[threadIdx.x] = v;
  __syncthreads();
  for (unsigned int half = blockDim.x / 2; half > 0; half /= 2) {
    if (threadIdx.x < half)
      partial[threadIdx.x] += partial[threadIdx.x + half];
    __syncthreads();
  }
  const double total = partial[0];
  __syncthreads();
  return total;
}
__device__ double thy_block_max(double v, double *partial) {
  partial[threadIdx.x] = v;
  __syncthreads();
  for (unsigned int half = blockDim.x / 2; half > 0; half /= 2) {
    if (threadIdx.x < half)
      partial[threadIdx.x] = fmax(partial[threadIdx.x], partial[threadIdx.x + half]);
    __syncthreads();
  }
  const double top = partial[0];
  __syncthreads();
  return top;
}
)";

enum class Family { Elementwise, Movement, Norm, Llm, MatMul, None };

Family familyOf(OpKind op) {
  if (rt::elementwise::arity(op) != 0 || op == OpKind::Fused || op == OpKind::Cast)
    return Family::Elementwise;
  switch (op) {
  case OpKind::Reshape:
  case OpKind::Transpose:
  case OpKind::Broadcast:
  case OpKind::Slice:
  case OpKind::Concat:
  case OpKind::Gather: return Family::Movement;
  case OpKind::RmsNorm:
  case OpKind::LayerNorm:
  case OpKind::Softmax:
  case OpKind::Sum:
  case OpKind::Mean:
  case OpKind::Max: return Family::Norm;
  case OpKind::Rope:
  case OpKind::RopeScaled:
  case OpKind::CacheWrite:
  case OpKind::Attention: return Family::Llm;
  case OpKind::MatMul: return Family::MatMul;
  default: return Family::None;
  }
}

} // namespace

bool lowerable(const StepView &s, std::string &why) {
  switch (familyOf(s.op)) {
  case Family::Elementwise: return elementwiseLowerable(s, why);
  case Family::Movement: return movementLowerable(s, why);
  case Family::Norm: return normLowerable(s, why);
  case Family::Llm: return llmLowerable(s, why);
  case Family::MatMul: return matmulLowerable(s, why);
  case Family::None: break;
  }
  why = std::string(rt::opKindName(s.op)) + " has no CUDA lowering";
  return false;
}

EmittedKernel emitStep(const StepView &s) {
  switch (familyOf(s.op)) {
  case Family::Elementwise: return emitElementwise(s);
  case Family::Movement: return emitMovement(s);
  case Family::Norm: return emitNorm(s);
  case Family::Llm: return emitLlm(s);
  default: return emitMatMul(s);
  }
}

bool stepLowerable(const PlanModel &model, const plan::StepRecord &step, std::string &why) {
  return lowerable(viewStep(model, step, 0), why);
}

CudaModule emitCuda(const PlanModel &model) {
  CudaModule module;
  module.source = kPrelude;
  bool kQuants = false; // their readers are compiled only where used
  std::string kernels;
  for (uint32_t i = 0; i < model.steps.size(); ++i) {
    const StepView s = viewStep(model, model.steps[i], i);
    for (size_t j = 0; j < s.inputs.size(); ++j)
      kQuants = kQuants || isKQuant(s.inType(j));
    EmittedKernel k = emitStep(s);
    kernels += "\n// step " + std::to_string(i) + ": " + rt::opKindName(s.op) + "\n" +
                     k.source;
    module.kernels.push_back({i, k.name, k.launch, k.faults, k.gemm});
  }
  if (kQuants)
    module.source += kKQuantPrelude;
  module.source += kernels;
  return module;
}

} // namespace thymos::codegen::cuda
