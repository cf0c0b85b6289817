// RUN: not thymosc %s 2>&1 | FileCheck --strict-whitespace %s
// At most 16 inputs: the kernel keeps one pointer per input on its stack.
module @m
graph @f(%a0: f32[4], %a1: f32[4], %a2: f32[4], %a3: f32[4], %a4: f32[4], %a5: f32[4], %a6: f32[4], %a7: f32[4], %a8: f32[4], %a9: f32[4], %a10: f32[4], %a11: f32[4], %a12: f32[4], %a13: f32[4], %a14: f32[4], %a15: f32[4], %a16: f32[4]) -> f32[4] {
  // CHECK: [[@LINE+3]]:8: error: 'fused' op has 17 inputs; at most 16 are allowed
  // CHECK-NEXT: {{^}}  %y = fused %a0, %a1, %a2, %a3, %a4, %a5, %a6, %a7, %a8, %a9, %a10, %a11, %a12, %a13, %a14, %a15, %a16 {program = [4, 0, 1]} : (f32[4], f32[4], f32[4], f32[4], f32[4], f32[4], f32[4], f32[4], f32[4], f32[4], f32[4], f32[4], f32[4], f32[4], f32[4], f32[4], f32[4]) -> f32[4]{{$}}
  // CHECK-NEXT: {{^}}       ^{{$}}
  %y = fused %a0, %a1, %a2, %a3, %a4, %a5, %a6, %a7, %a8, %a9, %a10, %a11, %a12, %a13, %a14, %a15, %a16 {program = [4, 0, 1]} : (f32[4], f32[4], f32[4], f32[4], f32[4], f32[4], f32[4], f32[4], f32[4], f32[4], f32[4], f32[4], f32[4], f32[4], f32[4], f32[4], f32[4]) -> f32[4]
  return %y
}
// CHECK-NOT: {{(error|note):}}
