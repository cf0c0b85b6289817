// RUN: not thymosc %s 2>&1 | FileCheck --strict-whitespace %s
// A step of 0 never advances.
module @m
graph @f(%x: f32[64,4]) -> f32[64,4] {
  // CHECK: [[@LINE+1]]:8: error: 'slice' op step 0 of dimension 1 must be positive
  %s = slice %x {starts = [0, 0], ends = [64, 4], steps = [1, 0]} : (f32[64,4]) -> f32[64,4]
  return %s
}
// CHECK-NOT: {{(error|note):}}
