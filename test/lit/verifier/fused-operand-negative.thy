// RUN: not thymosc %s 2>&1 | FileCheck --strict-whitespace %s
// A binary op's second operand cannot be -1.
module @m
graph @f(%a: f32[4]) -> f32[4] {
  // CHECK: [[@LINE+3]]:8: error: 'fused' op instruction #0 (add): operand b = -1 must name an input (0 to 0)
  // CHECK-NEXT: {{^}}  %y = fused %a {program = [4, 0, -1]} : (f32[4]) -> f32[4]{{$}}
  // CHECK-NEXT: {{^}}       ^{{$}}
  %y = fused %a {program = [4, 0, -1]} : (f32[4]) -> f32[4]
  return %y
}
// CHECK-NOT: {{(error|note):}}
