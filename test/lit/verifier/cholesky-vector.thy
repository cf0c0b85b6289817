// RUN: not thymosc %s 2>&1 | FileCheck --strict-whitespace %s
// A rank-1 operand is not a matrix.
module @m
graph @f(%a: f32[8]) -> f32[8] {
  // CHECK: [[@LINE+1]]:8: error: 'cholesky' op operand must be square matrices [..., n, n], got f32[8]
  %l = cholesky %a : (f32[8]) -> f32[8]
  return %l
}
// CHECK-NOT: {{(error|note):}}
