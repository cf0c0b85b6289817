// RUN: not thymosc %s 2>&1 | FileCheck --strict-whitespace %s
// The domain declares the operand's shape with another element type.
module @m
graph @f(%a: f32[4], %b: f16[4]) -> f32[4] {
  // CHECK: [[@LINE+1]]:30: error: 'div' op operand #1 (%b) has type f16[4], but the domain declares f32[4]
  %y = div %a, %b : (f32[4], f32[4]) -> f32[4]
  return %y
}
// CHECK-NOT: {{(error|note):}}
