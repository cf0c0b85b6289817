// RUN: not thymosc %s 2>&1 | FileCheck --strict-whitespace %s
// 'gather' indices must be i32.
module @m
graph @f(%t: f32[100,16], %i: f32[8]) -> f32[8,16] {
  // CHECK: [[@LINE+1]]:38: error: 'gather' op operand #1 must be a tensor of i32 values, got f32[8]
  %e = gather %t, %i : (f32[100,16], f32[8]) -> f32[8,16]
  return %e
}
// CHECK-NOT: {{(error|note):}}
