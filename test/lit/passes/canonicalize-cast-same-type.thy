// RUN: thymosc %s --passes=canonicalize,verify --emit=thy | FileCheck %s
// A cast to the operand's own type is the operand.
module @m

graph @f(%x: f32[4]) -> (f32[4], f64[4]) {
  %same = cast %x : (f32[4]) -> f32[4]
  %wide = cast %x : (f32[4]) -> f64[4]
  return %same, %wide
}

// CHECK-LABEL: graph @f(
// CHECK-NEXT:   %wide = cast %x : (f32[4]) -> f64[4]
// CHECK-NEXT:   return %x, %wide
