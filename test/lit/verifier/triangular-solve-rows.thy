// RUN: not thymosc %s 2>&1 | FileCheck --strict-whitespace %s
// b must have as many rows as a.
module @m
graph @f(%a: f64[8,8], %b: f64[7,2]) -> f64[7,2] {
  // CHECK: [[@LINE+1]]:8: error: 'triangular_solve' op b has 7 rows, but a is 8x8
  %x = triangular_solve %a, %b {transpose_a = true} : (f64[8,8], f64[7,2]) -> f64[7,2]
  return %x
}
// CHECK-NOT: {{(error|note):}}
