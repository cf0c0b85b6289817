// RUN: not thymosc %s 2>&1 | FileCheck --strict-whitespace %s
// Gathering from a q8_0 table works along rows (axis 0) only.
module @m
graph @f(%t: q8_0[100,64], %i: i32[8]) -> f32[100,8] {
  // CHECK: [[@LINE+1]]:8: error: 'gather' op gathering from a q8_0 table needs rank 2 data and axis 0
  %e = gather %t, %i {axis = 1} : (q8_0[100,64], i32[8]) -> f32[100,8]
  return %e
}
// CHECK-NOT: {{(error|note):}}
