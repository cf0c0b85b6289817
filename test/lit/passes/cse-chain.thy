// RUN: thymosc %s --passes=cse,verify --emit=thy | FileCheck %s
// Merging one pair makes its users identical; they merge in the same run.
module @m

graph @f(%x: f32[4]) -> (f32[4], f32[4]) {
  %a1 = exp %x : (f32[4]) -> f32[4]
  %a2 = exp %x : (f32[4]) -> f32[4]
  %b1 = neg %a1 : (f32[4]) -> f32[4]
  %b2 = neg %a2 : (f32[4]) -> f32[4]
  return %b1, %b2
}

// CHECK-LABEL: graph @f(
// CHECK-NEXT:   %a1 = exp %x : (f32[4]) -> f32[4]
// CHECK-NEXT:   %b1 = neg %a1 : (f32[4]) -> f32[4]
// CHECK-NEXT:   return %b1, %b1
