// RUN: thymosc %s --passes=canonicalize,verify --emit=thy | FileCheck %s
// A reshape to the operand's own type is the operand.
module @m

graph @f(%x: f32[4,2]) -> (f32[4,2], f32[8]) {
  %same = reshape %x : (f32[4,2]) -> f32[4,2]
  %flat = reshape %x : (f32[4,2]) -> f32[8]
  return %same, %flat
}

// CHECK-LABEL: graph @f(
// CHECK-NEXT:   %flat = reshape %x : (f32[4,2]) -> f32[8]
// CHECK-NEXT:   return %x, %flat
