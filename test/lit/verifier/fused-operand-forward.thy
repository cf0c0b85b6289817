// RUN: not thymosc %s 2>&1 | FileCheck --strict-whitespace %s
// Instruction #0 reads value 2, its own result (inputs are 0 and 1).
module @m
graph @f(%a: f32[4], %b: f32[4]) -> f32[4] {
  // CHECK: [[@LINE+3]]:8: error: 'fused' op instruction #0 (add): operand b = 2 must name an input (0 to 1)
  // CHECK-NEXT: {{^}}  %y = fused %a, %b {program = [4, 0, 2]} : (f32[4], f32[4]) -> f32[4]{{$}}
  // CHECK-NEXT: {{^}}       ^{{$}}
  %y = fused %a, %b {program = [4, 0, 2]} : (f32[4], f32[4]) -> f32[4]
  return %y
}
// CHECK-NOT: {{(error|note):}}
