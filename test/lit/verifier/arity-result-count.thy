// RUN: not thymosc %s 2>&1 | FileCheck --strict-whitespace %s
// A single-result op is given two results and two codomain types.
module @m
graph @f(%x: f32[4]) -> f32[4] {
  // CHECK: [[@LINE+3]]:35: error: 'relu' op expects 1 result, but its codomain lists 2 types
  // CHECK-NEXT: {{^}}  %a, %b = relu %x : (f32[4]) -> (f32[4], f32[4]){{$}}
  // CHECK-NEXT: {{^}}                                  ^{{$}}
  %a, %b = relu %x : (f32[4]) -> (f32[4], f32[4])
  return %a
}
// CHECK-NOT: {{(error|note):}}
