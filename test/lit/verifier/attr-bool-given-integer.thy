// RUN: not thymosc %s 2>&1 | FileCheck --strict-whitespace %s
// A boolean attribute is given an integer.
module @m
graph @f(%a: f32[4,8], %b: f32[2,8]) -> f32[4,2] {
  // CHECK: [[@LINE+1]]:23: error: 'matmul' op attribute 'transpose_b' must be a boolean, got 1
  %y = matmul %a, %b {transpose_b = 1} : (f32[4,8], f32[2,8]) -> f32[4,2]
  return %y
}
// CHECK-NOT: {{(error|note):}}
