// RUN: thymosc %s --passes=canonicalize,verify --emit=thy | FileCheck %s
// neg(neg(x)) is x; the inner neg, now unused, is left for dce.
module @m

graph @f(%x: f32[4]) -> f32[4] {
  %n1 = neg %x : (f32[4]) -> f32[4]
  %n2 = neg %n1 : (f32[4]) -> f32[4]
  %y = exp %n2 : (f32[4]) -> f32[4]
  return %y
}

// CHECK-LABEL: graph @f(
// CHECK-NEXT:   %n1 = neg %x : (f32[4]) -> f32[4]
// CHECK-NEXT:   %y = exp %x : (f32[4]) -> f32[4]
// CHECK-NEXT:   return %y
