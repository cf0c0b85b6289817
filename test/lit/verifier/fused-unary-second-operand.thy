// RUN: not thymosc %s 2>&1 | FileCheck --strict-whitespace %s
// exp is unary: its second operand must be -1.
module @m
graph @f(%a: f32[4]) -> f32[4] {
  // CHECK: [[@LINE+3]]:8: error: 'fused' op instruction #0 (exp): a unary op's operand b must be -1, got 0
  // CHECK-NEXT: {{^}}  %y = fused %a {program = [9, 0, 0]} : (f32[4]) -> f32[4]{{$}}
  // CHECK-NEXT: {{^}}       ^{{$}}
  %y = fused %a {program = [9, 0, 0]} : (f32[4]) -> f32[4]
  return %y
}
// CHECK-NOT: {{(error|note):}}
