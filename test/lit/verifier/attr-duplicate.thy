// RUN: not thymosc %s 2>&1 | FileCheck --strict-whitespace %s
// The same attribute is given twice; the second occurrence is reported.
module @m
graph @f(%x: f32[4,10]) -> f32[4,10] {
  // CHECK: [[@LINE+3]]:30: error: 'softmax' op attribute 'axis' is given twice
  // CHECK-NEXT: {{^}}  %p = softmax %x {axis = 1, axis = -1} : (f32[4,10]) -> f32[4,10]{{$}}
  // CHECK-NEXT: {{^}}                             ^{{$}}
  %p = softmax %x {axis = 1, axis = -1} : (f32[4,10]) -> f32[4,10]
  return %p
}
// CHECK-NOT: {{(error|note):}}
