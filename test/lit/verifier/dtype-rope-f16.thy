// RUN: not thymosc %s 2>&1 | FileCheck --strict-whitespace %s
// rope computes in f32 and f64 only.
module @m
graph @f(%x: f16[8,4,64], %p: i32[8]) -> f16[8,4,64] {
  // CHECK: [[@LINE+2]]:42: error: 'rope' op operand #0 must be a tensor of f64 or f32 values, got f16[8,4,64]
  // CHECK: [[@LINE+1]]:66: error: 'rope' op result #0 must be a tensor of f64 or f32 values, got f16[8,4,64]
  %y = rope %x, %p {rotary_dims = 64} : (f16[8,4,64], i32[8]) -> f16[8,4,64]
  return %y
}
// CHECK-NOT: {{(error|note):}}
