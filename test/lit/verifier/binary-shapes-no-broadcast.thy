// RUN: not thymosc %s 2>&1 | FileCheck --strict-whitespace %s
// Operand shapes that do not broadcast (3 vs 4 in the last dimension).
module @m
graph @f(%a: f32[2,3], %b: f32[4]) -> f32[2,4] {
  // CHECK: [[@LINE+1]]:8: error: 'sub' op operand shapes [2,3] and [4] do not broadcast
  %y = sub %a, %b : (f32[2,3], f32[4]) -> f32[2,4]
  return %y
}
// CHECK-NOT: {{(error|note):}}
