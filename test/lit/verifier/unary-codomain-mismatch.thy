// RUN: not thymosc %s 2>&1 | FileCheck --strict-whitespace %s
// A unary op's codomain differs from its operand's type.
module @m
graph @f(%x: f64[4,8]) -> f32[4,8] {
  // CHECK: [[@LINE+1]]:35: error: 'sigmoid' op codomain is f32[4,8], but the domain (f64[4,8]) gives f64[4,8]
  %y = sigmoid %x : (f64[4,8]) -> f32[4,8]
  return %y
}
// CHECK-NOT: {{(error|note):}}
