// RUN: not thymosc %s 2>&1 | FileCheck --strict-whitespace %s
// concat inputs must share an element type.
module @m
graph @f(%a: f32[4,2], %b: f64[4,3]) -> f32[4,5] {
  // CHECK: [[@LINE+3]]:8: error: 'concat' op input #1 has element type f64, but input #0 has f32
  // CHECK-NEXT: {{^}}  %c = concat %a, %b {axis = 1} : (f32[4,2], f64[4,3]) -> f32[4,5]{{$}}
  // CHECK-NEXT: {{^}}       ^{{$}}
  %c = concat %a, %b {axis = 1} : (f32[4,2], f64[4,3]) -> f32[4,5]
  return %c
}
// CHECK-NOT: {{(error|note):}}
