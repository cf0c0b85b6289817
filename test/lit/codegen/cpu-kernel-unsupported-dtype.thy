// RUN: not thymosc %s -o %t.plan 2>&1 | FileCheck %s --implicit-check-not=error:
// The IR allows f16 arithmetic, the CPU kernels do not (yet): lowering asks
// each kernel, as the runtime's loader would, and reports the op instead of
// writing a plan that thymos-run refuses.
module @m

graph @f(%a: f16[2], %b: f16[2]) -> f16[2] {
  // CHECK: [[@LINE+1]]:8: error: 'mul' op cannot run on the CPU: mul: lhs has element type f16, which this kernel does not support
  %p = mul %a, %b : (f16[2], f16[2]) -> f16[2]
  return %p
}
