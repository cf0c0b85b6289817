// RUN: thymosc %s --passes=cse,verify --emit=thy | FileCheck %s
// Ops with the same operands and attributes but different codomains differ.
module @m

graph @f(%x: f32[4,6]) -> (f32[24], f32[2,12], f32[24]) {
  %a = reshape %x : (f32[4,6]) -> f32[24]
  %b = reshape %x : (f32[4,6]) -> f32[2,12]
  %c = reshape %x : (f32[4,6]) -> f32[24]
  return %a, %b, %c
}

// CHECK-LABEL: graph @f(
// CHECK-NEXT:   %a = reshape %x : (f32[4,6]) -> f32[24]
// CHECK-NEXT:   %b = reshape %x : (f32[4,6]) -> f32[2,12]
// CHECK-NEXT:   return %a, %b, %a
