// RUN: not thymosc %s 2>&1 | FileCheck --strict-whitespace %s
// rope's x is [tokens, heads, head dimension].
module @m
graph @f(%x: f32[8,64], %p: i32[8]) -> f32[8,64] {
  // CHECK: [[@LINE+1]]:8: error: 'rope' op x must have rank 3 (tokens, heads, head dimension), got f32[8,64]
  %y = rope %x, %p {rotary_dims = 64} : (f32[8,64], i32[8]) -> f32[8,64]
  return %y
}
// CHECK-NOT: {{(error|note):}}
