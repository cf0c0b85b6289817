// RUN: thymosc %s --passes=cse,verify --emit=thy | FileCheck %s
// add and mul are commutative: swapped operands compute the same value.
module @m

graph @f(%x: f32[4], %y: f32[4]) -> (f32[4], f32[4], f32[4], f32[4]) {
  %a = add %x, %y : (f32[4], f32[4]) -> f32[4]
  %b = add %y, %x : (f32[4], f32[4]) -> f32[4]
  %c = mul %x, %y : (f32[4], f32[4]) -> f32[4]
  %d = mul %y, %x : (f32[4], f32[4]) -> f32[4]
  return %a, %b, %c, %d
}

// CHECK-LABEL: graph @f(
// CHECK-NEXT:   %a = add %x, %y : (f32[4], f32[4]) -> f32[4]
// CHECK-NEXT:   %c = mul %x, %y : (f32[4], f32[4]) -> f32[4]
// CHECK-NEXT:   return %a, %a, %c, %c
