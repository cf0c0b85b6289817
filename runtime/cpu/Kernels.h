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
// values whose layout per op is fixed below (doubles are stored as their
// IEEE-754 bit pattern). The compiler normalises attributes (negative axes
// resolved, defaults filled in) before writing them.
//
//   op                 params
//   matmul             [transpose_b]
//   triangular_solve   [lower, transpose_a]
//   cholesky           []
//   add sub mul div    []              (NumPy broadcasting from the shapes)
//   neg ... silu, cast []
//   softmax            [axis]          (0 <= axis < rank)
//   sum mean max       [axis_mask]     (bit i set: dimension i is reduced;
//                                       the output keeps rank or drops the
//                                       reduced dims, check() accepts both)
//   rmsnorm layernorm  [epsilon bits]
//   transpose          perm[rank]
//   reshape broadcast  []
//   slice              starts[rank], steps[rank]
//   concat             [axis]
//   gather             [axis]
//   fused              program[3 * k]: k >= 1 instructions [opcode, a, b], at
//                      most 64, for at most 16 inputs. opcode: add sub mul
//                      div (4-7, binary) or neg ... silu (8-17, unary).
//                      Operand index v < numInputs reads input v (broadcast
//                      to the output's shape); v = numInputs + j reads
//                      instruction j's value, j earlier than the reader.
//                      A unary op's b is -1. The last instruction's value
//                      is the output. E.g. inputs (x, b), silu(x + b) - x:
//                      [4,0,1, 17,2,-1, 5,3,0]
//   const              (no kernel: constants are plan data)
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
