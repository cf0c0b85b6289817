// RUN: not thymosc %s 2>&1 | FileCheck --strict-whitespace %s
// An integer-array attribute is given a single integer.
module @m
graph @f(%x: f32[64,4]) -> f32[64] {
  // CHECK: [[@LINE+1]]:16: error: 'sum' op attribute 'axes' must be an integer array, got 1
  %s = sum %x {axes = 1} : (f32[64,4]) -> f32[64]
  return %s
}
// CHECK-NOT: {{(error|note):}}
