// RUN: not thymosc %s 2>&1 | FileCheck --strict-whitespace %s
// The slice ends past the end of dimension 1.
module @m
graph @f(%x: f32[64,4]) -> f32[64,3] {
  // CHECK: [[@LINE+1]]:8: error: 'slice' op dimension 1 of size 4 cannot be sliced from 2 to 5: need 0 <= start < end <= size
  %s = slice %x {starts = [0, 2], ends = [64, 5]} : (f32[64,4]) -> f32[64,3]
  return %s
}
// CHECK-NOT: {{(error|note):}}
