// RUN: not thymosc %s 2>&1 | FileCheck --strict-whitespace %s
// rope's positions are a vector, one per token.
module @m
graph @f(%x: f32[8,4,64], %p: i32[8,1]) -> f32[8,4,64] {
  // CHECK: [[@LINE+1]]:8: error: 'rope' op pos must have shape [8] (one position per token of x), got i32[8,1]
  %y = rope %x, %p {rotary_dims = 64} : (f32[8,4,64], i32[8,1]) -> f32[8,4,64]
  return %y
}
// CHECK-NOT: {{(error|note):}}
