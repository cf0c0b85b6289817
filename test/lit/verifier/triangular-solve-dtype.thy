// RUN: not thymosc %s 2>&1 | FileCheck --strict-whitespace %s
// a and b must share an element type.
module @m
graph @f(%a: f64[8,8], %b: f32[8,1]) -> f64[8,1] {
  // CHECK: [[@LINE+1]]:8: error: 'triangular_solve' op operand element types differ (f64 vs f32)
  %x = triangular_solve %a, %b : (f64[8,8], f32[8,1]) -> f64[8,1]
  return %x
}
// CHECK-NOT: {{(error|note):}}
