// RUN: not thymosc %s 2>&1 | FileCheck --strict-whitespace %s
// The result of triangular_solve has b's shape.
module @m
graph @f(%a: f64[8,8], %b: f64[8,2]) -> f64[8,8] {
  // CHECK: [[@LINE+1]]:58: error: 'triangular_solve' op codomain is f64[8,8], but the domain (f64[8,8], f64[8,2]) gives f64[8,2]
  %x = triangular_solve %a, %b : (f64[8,8], f64[8,2]) -> f64[8,8]
  return %x
}
// CHECK-NOT: {{(error|note):}}
