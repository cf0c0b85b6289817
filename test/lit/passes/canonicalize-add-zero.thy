// RUN: thymosc %s --passes=canonicalize,verify --emit=thy | FileCheck %s
// x+0 and 0+x are x.
module @m

graph @f(%x: f32[4]) -> (f32[4], f32[4]) {
  %zero = const {value = 0.0} : () -> f32[]
  %a = add %x, %zero : (f32[4], f32[]) -> f32[4]
  %b = add %zero, %x : (f32[], f32[4]) -> f32[4]
  %y = exp %a : (f32[4]) -> f32[4]
  %z = exp %b : (f32[4]) -> f32[4]
  return %y, %z
}

// CHECK-LABEL: graph @f(
// CHECK-NEXT:   %zero = const {value = 0.0} : () -> f32[]
// CHECK-NEXT:   %y = exp %x : (f32[4]) -> f32[4]
// CHECK-NEXT:   %z = exp %x : (f32[4]) -> f32[4]
// CHECK-NEXT:   return %y, %z
