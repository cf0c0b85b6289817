// RUN: not thymosc %s 2>&1 | FileCheck --strict-whitespace %s
// cholesky needs square matrices.
module @m
graph @f(%a: f64[8,4]) -> f64[8,4] {
  // CHECK: [[@LINE+3]]:8: error: 'cholesky' op operand must be square matrices [..., n, n], got f64[8,4]
  // CHECK-NEXT: {{^}}  %l = cholesky %a : (f64[8,4]) -> f64[8,4]{{$}}
  // CHECK-NEXT: {{^}}       ^{{$}}
  %l = cholesky %a : (f64[8,4]) -> f64[8,4]
  return %l
}
// CHECK-NOT: {{(error|note):}}
