// RUN: not thymosc %s 2>&1 | FileCheck --strict-whitespace %s
// b must have the rank of a ([..., n, k]); a vector is not accepted.
module @m
graph @f(%a: f64[8,8], %b: f64[8]) -> f64[8] {
  // CHECK: [[@LINE+1]]:8: error: 'triangular_solve' op b must have a's rank 2 ([..., n, k]), got f64[8]
  %x = triangular_solve %a, %b : (f64[8,8], f64[8]) -> f64[8]
  return %x
}
// CHECK-NOT: {{(error|note):}}
