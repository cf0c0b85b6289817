// RUN: not thymosc %s 2>&1 | FileCheck --strict-whitespace %s
// rope's freq_base must be a number.
module @m
graph @f(%x: f32[8,4,64], %p: i32[8]) -> f32[8,4,64] {
  // CHECK: [[@LINE+1]]:8: error: 'rope' op freq_base must be a finite number > 0, got nan
  %y = rope %x, %p {freq_base = nan, rotary_dims = 64} : (f32[8,4,64], i32[8]) -> f32[8,4,64]
  return %y
}
// CHECK-NOT: {{(error|note):}}
