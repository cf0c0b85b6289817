// RUN: not thymosc %s 2>&1 | FileCheck --strict-whitespace %s
// concat inputs must share a rank.
module @m
graph @f(%a: f32[4,2], %b: f32[4,2], %c: f32[8]) -> f32[4,6] {
  // CHECK: [[@LINE+1]]:8: error: 'concat' op input #2 has rank 1, but input #0 has rank 2
  %y = concat %a, %b, %c {axis = 1} : (f32[4,2], f32[4,2], f32[8]) -> f32[4,6]
  return %y
}
// CHECK-NOT: {{(error|note):}}
