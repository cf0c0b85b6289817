// RUN: not thymosc %s 2>&1 | FileCheck --strict-whitespace %s
// The batch dimensions of a and b must be equal (no broadcasting).
module @m
graph @f(%a: f32[2,4,4], %b: f32[3,4,1]) -> f32[3,4,1] {
  // CHECK: [[@LINE+1]]:8: error: 'triangular_solve' op batch dimensions differ ([2] vs [3])
  %x = triangular_solve %a, %b {lower = false} : (f32[2,4,4], f32[3,4,1]) -> f32[3,4,1]
  return %x
}
// CHECK-NOT: {{(error|note):}}
