// RUN: not thymosc %s 2>&1 | FileCheck --strict-whitespace %s
// Gathering from a q4_0 table needs rank 2 data.
module @m
graph @f(%t: q4_0[2,100,64], %i: i32[8]) -> f32[8,100,64] {
  // CHECK: [[@LINE+1]]:8: error: 'gather' op gathering from a q4_0 table needs rank 2 data and axis 0
  %e = gather %t, %i : (q4_0[2,100,64], i32[8]) -> f32[8,100,64]
  return %e
}
// CHECK-NOT: {{(error|note):}}
