// RUN: not thymosc %s 2>&1 | FileCheck --strict-whitespace %s
// A slice with start == end would be empty.
module @m
graph @f(%x: f32[64,4]) -> f32[64,1] {
  // CHECK: [[@LINE+1]]:8: error: 'slice' op dimension 0 of size 64 cannot be sliced from 8 to 8: need 0 <= start < end <= size
  %s = slice %x {starts = [8, 0], ends = [8, 1]} : (f32[64,4]) -> f32[64,1]
  return %s
}
// CHECK-NOT: {{(error|note):}}
