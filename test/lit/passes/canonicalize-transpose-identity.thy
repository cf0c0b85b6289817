// RUN: thymosc %s --passes=canonicalize,verify --emit=thy | FileCheck %s
// A transpose with the identity perm is its operand; [1, 0] on a square matrix
// has the operand's type too, but moves elements, so it stays.
module @m

graph @f(%x: f32[4,4]) -> (f32[4,4], f32[4,4]) {
  %same = transpose %x {perm = [0, 1]} : (f32[4,4]) -> f32[4,4]
  %swapped = transpose %x {perm = [1, 0]} : (f32[4,4]) -> f32[4,4]
  return %same, %swapped
}

// CHECK-LABEL: graph @f(
// CHECK-NEXT:   %swapped = transpose %x {perm = [1, 0]} : (f32[4,4]) -> f32[4,4]
// CHECK-NEXT:   return %x, %swapped
