// RUN: thymosc %s --passes=cse,verify --emit=thy | FileCheck %s
// The second of two identical ops is replaced by the first.
module @m

graph @f(%x: f32[4]) -> f32[4] {
  %a = exp %x : (f32[4]) -> f32[4]
  %b = exp %x : (f32[4]) -> f32[4]
  %c = add %a, %b : (f32[4], f32[4]) -> f32[4]
  return %c
}

// CHECK-LABEL: graph @f(
// CHECK-NEXT:   %a = exp %x : (f32[4]) -> f32[4]
// CHECK-NEXT:   %c = add %a, %a : (f32[4], f32[4]) -> f32[4]
// CHECK-NEXT:   return %c
