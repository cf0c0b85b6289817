// RUN: thymosc %s --passes=canonicalize,verify --emit=thy | FileCheck %s
// x*1 and 1*x are x.
module @m

graph @f(%x: f32[4]) -> (f32[4], f32[4]) {
  %one = const {value = 1.0} : () -> f32[]
  %a = mul %x, %one : (f32[4], f32[]) -> f32[4]
  %b = mul %one, %x : (f32[], f32[4]) -> f32[4]
  %y = exp %a : (f32[4]) -> f32[4]
  %z = exp %b : (f32[4]) -> f32[4]
  return %y, %z
}

// CHECK-LABEL: graph @f(
// CHECK-NEXT:   %one = const {value = 1.0} : () -> f32[]
// CHECK-NEXT:   %y = exp %x : (f32[4]) -> f32[4]
// CHECK-NEXT:   %z = exp %x : (f32[4]) -> f32[4]
// CHECK-NEXT:   return %y, %z
