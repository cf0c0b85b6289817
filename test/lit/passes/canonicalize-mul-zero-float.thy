// RUN: thymosc %s --passes=canonicalize,verify --emit=thy | FileCheck %s
// Float x*0 is not 0: inf*0 and nan*0 are nan, and -1*0 is -0.
module @m

graph @f(%x: f32[4]) -> f32[4] {
  %zero = const {value = 0.0} : () -> f32[]
  %a = mul %x, %zero : (f32[4], f32[]) -> f32[4]
  return %a
}

// CHECK-LABEL: graph @f(
// CHECK-NEXT:   %zero = const {value = 0.0} : () -> f32[]
// CHECK-NEXT:   %a = mul %x, %zero : (f32[4], f32[]) -> f32[4]
// CHECK-NEXT:   return %a
