// RUN: thymosc %s --passes=cse,verify --emit=thy | FileCheck %s
// sub and matmul are not commutative: swapped operands are different values.
module @m

graph @f(%x: f32[4,4], %y: f32[4,4]) -> (f32[4,4], f32[4,4], f32[4,4], f32[4,4]) {
  %a = sub %x, %y : (f32[4,4], f32[4,4]) -> f32[4,4]
  %b = sub %y, %x : (f32[4,4], f32[4,4]) -> f32[4,4]
  %c = matmul %x, %y : (f32[4,4], f32[4,4]) -> f32[4,4]
  %d = matmul %y, %x : (f32[4,4], f32[4,4]) -> f32[4,4]
  return %a, %b, %c, %d
}

// CHECK-LABEL: graph @f(
// CHECK-NEXT:   %a = sub %x, %y : (f32[4,4], f32[4,4]) -> f32[4,4]
// CHECK-NEXT:   %b = sub %y, %x : (f32[4,4], f32[4,4]) -> f32[4,4]
// CHECK-NEXT:   %c = matmul %x, %y : (f32[4,4], f32[4,4]) -> f32[4,4]
// CHECK-NEXT:   %d = matmul %y, %x : (f32[4,4], f32[4,4]) -> f32[4,4]
// CHECK-NEXT:   return %a, %b, %c, %d
