// --target names a backend; an unknown one is refused before the input is read.
// RUN: not thymosc %s --target=tpu -o %t.plan 2>&1 | FileCheck %s
// CHECK: thymosc: error: unknown target 'tpu' (--list-targets shows them)
// RUN: thymosc --list-targets | FileCheck %s --check-prefix=LIST
// LIST: cpu interpreted CPU kernels (pipeline: canonicalize,cse,dce,fuse-elementwise,plan-memory)
// The target's pipeline is the default: naming it changes nothing.
// RUN: thymosc %s --target=cpu -o %t.cpu.plan
// RUN: thymosc %s -o %t.default.plan
// RUN: cmp %t.cpu.plan %t.default.plan
// RUN: thymosc %s --target=cpu --emit=plan-text | FileCheck %s --check-prefix=FUSED
// FUSED: fused
module @m
graph @f(%x: f32[4]) -> f32[4] {
  %y = neg %x : (f32[4]) -> f32[4]
  %z = exp %y : (f32[4]) -> f32[4]
  return %z
}
