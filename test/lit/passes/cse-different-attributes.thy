// RUN: thymosc %s --passes=cse,verify --emit=thy | FileCheck %s
// Ops that differ only in an attribute are different values; equal ones merge.
module @m

graph @f(%x: f32[4,4]) -> (f32[4,4], f32[4,4], f32[4,4]) {
  %a = softmax %x {axis = 0} : (f32[4,4]) -> f32[4,4]
  %b = softmax %x {axis = 1} : (f32[4,4]) -> f32[4,4]
  %c = softmax %x {axis = 0} : (f32[4,4]) -> f32[4,4]
  return %a, %b, %c
}

// CHECK-LABEL: graph @f(
// CHECK-NEXT:   %a = softmax %x {axis = 0} : (f32[4,4]) -> f32[4,4]
// CHECK-NEXT:   %b = softmax %x {axis = 1} : (f32[4,4]) -> f32[4,4]
// CHECK-NEXT:   return %a, %b, %a
