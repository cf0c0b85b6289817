// RUN: not thymosc %s 2>&1 | FileCheck --strict-whitespace %s
// rope rotates pairs: rotary_dims must be even.
module @m
graph @f(%x: f32[8,4,64], %p: i32[8]) -> f32[8,4,64] {
  // CHECK: [[@LINE+1]]:8: error: 'rope' op rotary_dims must be even and in 2..64 (the head dimension), got 63
  %y = rope %x, %p {rotary_dims = 63} : (f32[8,4,64], i32[8]) -> f32[8,4,64]
  return %y
}
// CHECK-NOT: {{(error|note):}}
