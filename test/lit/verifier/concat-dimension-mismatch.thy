// RUN: not thymosc %s 2>&1 | FileCheck --strict-whitespace %s
// concat inputs must agree off the concatenation axis.
module @m
graph @f(%a: f32[4,2], %b: f32[5,3]) -> f32[4,5] {
  // CHECK: [[@LINE+1]]:8: error: 'concat' op input #1 has size 5 in dimension 0, but input #0 has 4
  %c = concat %a, %b {axis = -1} : (f32[4,2], f32[5,3]) -> f32[4,5]
  return %c
}
// CHECK-NOT: {{(error|note):}}
