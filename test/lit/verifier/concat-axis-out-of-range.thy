// RUN: not thymosc %s 2>&1 | FileCheck --strict-whitespace %s
// The concat axis is outside [-rank, rank).
module @m
graph @f(%a: f32[4,2], %b: f32[4,3]) -> f32[4,5] {
  // CHECK: [[@LINE+1]]:8: error: 'concat' op axis 2 is out of range for rank 2
  %c = concat %a, %b {axis = 2} : (f32[4,2], f32[4,3]) -> f32[4,5]
  return %c
}
// CHECK-NOT: {{(error|note):}}
