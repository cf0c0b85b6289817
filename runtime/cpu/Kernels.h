//===- Kernels.h - The CPU kernel interface ----------------------------------===//
//
// One kernel per op (OpKind from ir/Ops.td). A kernel has two halves:
//  - check(): run once when a plan is loaded. It validates everything the
//    kernel relies on (dtypes, ranks, dims relations between inputs and the
//    output, params) against the untrusted plan, so that run() can index
//    memory without further checks.
//  - run(): the computation. It must not allocate on the heap: it runs
//    inside the step loop.
// Shapes arrive in the TensorViews; attributes arrive as `params`, int64
// values (doubles as their IEEE-754 bit pattern) whose layout per op is
// declared once, as `planParams` in ir/Ops.td: docs/ops.md ("Step params in
// plan.bin") lists it and opKindPlanParams() returns it. The fused op's
// program encoding is in runtime/FusedProgram.h.
//
//===----------------------------------------------------------------------===//
#pragma once

#include "runtime/Status.h"
#include "runtime/Tensor.h"

namespace thymos::rt {

class ThreadPool;

using plan::kMaxStepInputs;

struct KernelCall {
  const TensorView *inputs;
  uint32_t numInputs;
  const TensorView *output;
  const int64_t *params;
  uint32_t numParams;
};

struct CpuKernel {
  Status (*check)(const KernelCall &call);
  /// `threads` may be null (run on the calling thread).
  Status (*run)(const KernelCall &call, ThreadPool *threads);
};

/// The kernel for `op`, or null when the CPU backend has none.
const CpuKernel *findCpuKernel(OpKind op);

} // namespace thymos::rt
