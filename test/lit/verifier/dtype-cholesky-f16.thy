// RUN: not thymosc %s 2>&1 | FileCheck --strict-whitespace %s
// Factorizations accept f32 and f64 only, for the operand and the result.
module @m
graph @f(%a: f16[4,4]) -> f16[4,4] {
  // CHECK: [[@LINE+2]]:23: error: 'cholesky' op operand #0 must be a tensor of f64 or f32 values, got f16[4,4]
  // CHECK: [[@LINE+1]]:36: error: 'cholesky' op result #0 must be a tensor of f64 or f32 values, got f16[4,4]
  %l = cholesky %a : (f16[4,4]) -> f16[4,4]
  return %l
}
// CHECK-NOT: {{(error|note):}}
