// RUN: not thymosc %s 2>&1 | FileCheck --strict-whitespace %s
// rope's positions are i32.
module @m
graph @f(%x: f32[8,4,64], %p: f32[8]) -> f32[8,4,64] {
  // CHECK: [[@LINE+1]]:55: error: 'rope' op operand #1 must be a tensor of i32 values, got f32[8]
  %y = rope %x, %p {rotary_dims = 64} : (f32[8,4,64], f32[8]) -> f32[8,4,64]
  return %y
}
// CHECK-NOT: {{(error|note):}}
