// RUN: not thymosc %s 2>&1 | FileCheck --strict-whitespace %s
// Inputs share one element type.
module @m
graph @f(%a: f32[4], %b: f64[4]) -> f32[4] {
  // CHECK: [[@LINE+3]]:8: error: 'fused' op input #1 has element type f64, but input #0 has f32
  // CHECK-NEXT: {{^}}  %y = fused %a, %b {program = [4, 0, 1]} : (f32[4], f64[4]) -> f32[4]{{$}}
  // CHECK-NEXT: {{^}}       ^{{$}}
  %y = fused %a, %b {program = [4, 0, 1]} : (f32[4], f64[4]) -> f32[4]
  return %y
}
// CHECK-NOT: {{(error|note):}}
