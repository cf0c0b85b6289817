// RUN: not thymosc %s 2>&1 | FileCheck --strict-whitespace %s
// Negative starts are not accepted.
module @m
graph @f(%x: f32[8]) -> f32[2] {
  // CHECK: [[@LINE+1]]:8: error: 'slice' op dimension 0 of size 8 cannot be sliced from -2 to 8: need 0 <= start < end <= size
  %s = slice %x {starts = [-2], ends = [8]} : (f32[8]) -> f32[2]
  return %s
}
// CHECK-NOT: {{(error|note):}}
