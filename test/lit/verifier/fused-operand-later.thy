// RUN: not thymosc %s 2>&1 | FileCheck --strict-whitespace %s
// Instruction #1 reads value 3, which instruction #2 computes later.
module @m
graph @f(%a: f32[4]) -> f32[4] {
  // CHECK: [[@LINE+3]]:8: error: 'fused' op instruction #1 (mul): operand b = 3 must name an input (0 to 0) or an earlier instruction (1 to 1)
  // CHECK-NEXT: {{^}}  %y = fused %a {program = [9, 0, -1, 6, 0, 3, 8, 2, -1]} : (f32[4]) -> f32[4]{{$}}
  // CHECK-NEXT: {{^}}       ^{{$}}
  %y = fused %a {program = [9, 0, -1, 6, 0, 3, 8, 2, -1]} : (f32[4]) -> f32[4]
  return %y
}
// CHECK-NOT: {{(error|note):}}
