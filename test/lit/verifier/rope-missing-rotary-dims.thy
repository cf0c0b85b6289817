// RUN: not thymosc %s 2>&1 | FileCheck --strict-whitespace %s
// rope requires rotary_dims.
module @m
graph @f(%x: f32[8,4,64], %p: i32[8]) -> f32[8,4,64] {
  // CHECK: [[@LINE+1]]:8: error: 'rope' op requires attribute 'rotary_dims' (integer)
  %y = rope %x, %p : (f32[8,4,64], i32[8]) -> f32[8,4,64]
  return %y
}
// CHECK-NOT: {{(error|note):}}
