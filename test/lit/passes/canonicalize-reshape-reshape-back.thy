// RUN: thymosc %s --passes=canonicalize,dce,verify --emit=thy | FileCheck %s
// A chain of reshapes that ends at the operand's own type is the operand.
module @m

graph @f(%x: f32[4,6]) -> f32[4,6] {
  %a = reshape %x : (f32[4,6]) -> f32[24]
  %b = reshape %a : (f32[24]) -> f32[2,12]
  %c = reshape %b : (f32[2,12]) -> f32[4,6]
  %y = exp %c : (f32[4,6]) -> f32[4,6]
  return %y
}

// CHECK-LABEL: graph @f(
// CHECK-NEXT:   %y = exp %x : (f32[4,6]) -> f32[4,6]
// CHECK-NEXT:   return %y
