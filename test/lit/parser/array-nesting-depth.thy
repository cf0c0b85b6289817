// RUN: not thymosc %s 2>&1 | FileCheck %s
// Array literals nest at most 8 levels (the highest tensor rank); the error
// points at the ninth '['.
module @m

graph @f() -> f32[1,1,1,1,1,1,1,1] {
  // CHECK: [[@LINE+3]]:31: error: array literal nests deeper than 8 levels
  // CHECK-NEXT: {{^}}  %c = const {value = {{.*}}} : () -> f32[1,1,1,1,1,1,1,1,1]{{$}}
  // CHECK-NEXT: {{^}}                              ^{{$}}
  %c = const {value = [[[[[[[[[1]]]]]]]]]} : () -> f32[1,1,1,1,1,1,1,1,1]
  return %c
}
