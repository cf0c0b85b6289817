// RUN: not thymosc %s 2>&1 | FileCheck --strict-whitespace %s
// 'matmul' is given an attribute it does not have; the message lists the ones it has.
module @m
graph @f(%a: f32[4,8], %b: f32[8,2]) -> f32[4,2] {
  // CHECK: [[@LINE+3]]:23: error: 'matmul' op has no attribute 'transpose_a' (it accepts: transpose_b)
  // CHECK-NEXT: {{^}}  %y = matmul %a, %b {transpose_a = true} : (f32[4,8], f32[8,2]) -> f32[4,2]{{$}}
  // CHECK-NEXT: {{^}}                      ^{{$}}
  %y = matmul %a, %b {transpose_a = true} : (f32[4,8], f32[8,2]) -> f32[4,2]
  return %y
}
// CHECK-NOT: {{(error|note):}}
