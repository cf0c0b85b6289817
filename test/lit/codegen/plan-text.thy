// --emit=plan-text shows tensors with their storage and offsets, and each
// entry's steps with normalised params (axis -1 of a rank-2 softmax is 1).
// RUN: thymosc %s --emit=plan-text | FileCheck %s
// CHECK: plan: format 1, arena {{[0-9]+}} bytes, state 0 bytes, constants 4 bytes
// CHECK: tensors (4):
// CHECK-NEXT: t0 %x f32[4,8] arena @0 128 bytes
// CHECK-NEXT: t1 %s f32[] const @0 4 bytes
// CHECK-NEXT: t2 %y f32[4,8] arena @{{[0-9]+}} 128 bytes
// CHECK-NEXT: t3 %p f32[4,8] arena @{{[0-9]+}} 128 bytes
// CHECK: entry @f (2 steps, arena {{[0-9]+}} bytes)
// CHECK-NEXT: inputs: t0
// CHECK-NEXT: 0: t2 = mul(t0, t1)
// CHECK-NEXT: 1: t3 = softmax(t2) params [1]
// CHECK-NEXT: outputs: t3
module @m
graph @f(%x: f32[4,8]) -> f32[4,8] {
  %s = const {value = 0.5} : () -> f32[]
  %y = mul %x, %s : (f32[4,8], f32[]) -> f32[4,8]
  %p = softmax %y {axis = -1} : (f32[4,8]) -> f32[4,8]
  return %p
}
