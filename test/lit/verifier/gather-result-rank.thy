// RUN: not thymosc %s 2>&1 | FileCheck --strict-whitespace %s
// The gathered result would have rank 9, above the maximum 8.
module @m
graph @f(%t: f32[2,2,2,2,2], %i: i32[2,2,2,2,2]) -> f32[2] {
  // CHECK: [[@LINE+1]]:8: error: 'gather' op the result would have rank 9, above the maximum 8
  %e = gather %t, %i : (f32[2,2,2,2,2], i32[2,2,2,2,2]) -> f32[2]
  return %e
}
// CHECK-NOT: {{(error|note):}}
