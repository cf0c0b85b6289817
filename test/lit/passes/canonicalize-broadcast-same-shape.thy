// RUN: thymosc %s --passes=canonicalize,verify --emit=thy | FileCheck %s
// A broadcast to the operand's own shape is the operand.
module @m

graph @f(%x: f32[1,4]) -> (f32[1,4], f32[3,4]) {
  %same = broadcast %x : (f32[1,4]) -> f32[1,4]
  %big = broadcast %x : (f32[1,4]) -> f32[3,4]
  return %same, %big
}

// CHECK-LABEL: graph @f(
// CHECK-NEXT:   %big = broadcast %x : (f32[1,4]) -> f32[3,4]
// CHECK-NEXT:   return %x, %big
