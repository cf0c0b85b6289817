// RUN: not thymosc %s 2>&1 | FileCheck --strict-whitespace %s
// An integer attribute is given a float; the article reads 'an integer'.
module @m
graph @f(%x: f32[4,10]) -> f32[4,10] {
  // CHECK: [[@LINE+3]]:20: error: 'softmax' op attribute 'axis' must be an integer, got 1.0
  // CHECK-NEXT: {{^}}  %p = softmax %x {axis = 1.0} : (f32[4,10]) -> f32[4,10]{{$}}
  // CHECK-NEXT: {{^}}                   ^{{$}}
  %p = softmax %x {axis = 1.0} : (f32[4,10]) -> f32[4,10]
  return %p
}
// CHECK-NOT: {{(error|note):}}
