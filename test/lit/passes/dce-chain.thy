// RUN: thymosc %s --passes=dce,verify --emit=thy | FileCheck %s
// A chain of unused ops goes in one run; what the result needs stays.
module @m

graph @f(%x: f32[4]) -> f32[4] {
  %a = exp %x : (f32[4]) -> f32[4]
  %b = neg %a : (f32[4]) -> f32[4]
  %c = tanh %b : (f32[4]) -> f32[4]
  %y = relu %x : (f32[4]) -> f32[4]
  %d = add %c, %y : (f32[4], f32[4]) -> f32[4]
  return %y
}

// CHECK-LABEL: graph @f(
// CHECK-NEXT:   %y = relu %x : (f32[4]) -> f32[4]
// CHECK-NEXT:   return %y
