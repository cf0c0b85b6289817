// RUN: not thymosc %s 2>&1 | FileCheck --strict-whitespace %s
// A unary op is given two operands.
module @m
graph @f(%x: f32[4]) -> f32[4] {
  // CHECK: [[@LINE+3]]:8: error: 'neg' op expects 1 operand, but 2 were given
  // CHECK-NEXT: {{^}}  %y = neg %x, %x : (f32[4], f32[4]) -> f32[4]{{$}}
  // CHECK-NEXT: {{^}}       ^{{$}}
  %y = neg %x, %x : (f32[4], f32[4]) -> f32[4]
  return %y
}
// CHECK-NOT: {{(error|note):}}
