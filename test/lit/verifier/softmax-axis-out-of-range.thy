// RUN: not thymosc %s 2>&1 | FileCheck --strict-whitespace %s
// The softmax axis is outside [-rank, rank).
module @m
graph @f(%x: f32[4,10]) -> f32[4,10] {
  // CHECK: [[@LINE+3]]:8: error: 'softmax' op axis -3 is out of range for rank 2
  // CHECK-NEXT: {{^}}  %p = softmax %x {axis = -3} : (f32[4,10]) -> f32[4,10]{{$}}
  // CHECK-NEXT: {{^}}       ^{{$}}
  %p = softmax %x {axis = -3} : (f32[4,10]) -> f32[4,10]
  return %p
}
// CHECK-NOT: {{(error|note):}}
