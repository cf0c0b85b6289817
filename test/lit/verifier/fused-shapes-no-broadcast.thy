// RUN: not thymosc %s 2>&1 | FileCheck --strict-whitespace %s
// Input shapes must broadcast with each other.
module @m
graph @f(%a: f32[4,3], %b: f32[1], %c: f32[4]) -> f32[4,3] {
  // CHECK: [[@LINE+3]]:8: error: 'fused' op input #2 of shape [4] does not broadcast with [4,3] (inputs #0 to #1)
  // CHECK-NEXT: {{^}}  %y = fused %a, %b, %c {program = [4, 0, 1, 4, 3, 2]} : (f32[4,3], f32[1], f32[4]) -> f32[4,3]{{$}}
  // CHECK-NEXT: {{^}}       ^{{$}}
  %y = fused %a, %b, %c {program = [4, 0, 1, 4, 3, 2]} : (f32[4,3], f32[1], f32[4]) -> f32[4,3]
  return %y
}
// CHECK-NOT: {{(error|note):}}
