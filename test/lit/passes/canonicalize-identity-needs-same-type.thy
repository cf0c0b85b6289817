// RUN: thymosc %s --passes=canonicalize,verify --emit=thy | FileCheck %s
// An identity applies only when the kept operand has the result's exact type:
// here adding 0 and multiplying by 1 broadcast %x to a bigger shape.
module @m

graph @f(%x: f32[4]) -> (f32[3,4], f32[3,4]) {
  %zero = const {value = 0.0} : () -> f32[3,4]
  %one = const {value = 1.0} : () -> f32[3,1]
  %a = add %x, %zero : (f32[4], f32[3,4]) -> f32[3,4]
  %b = mul %one, %x : (f32[3,1], f32[4]) -> f32[3,4]
  return %a, %b
}

// CHECK-LABEL: graph @f(
// CHECK-NEXT:   %zero = const {value = 0.0} : () -> f32[3,4]
// CHECK-NEXT:   %one = const {value = 1.0} : () -> f32[3,1]
// CHECK-NEXT:   %a = add %x, %zero : (f32[4], f32[3,4]) -> f32[3,4]
// CHECK-NEXT:   %b = mul %one, %x : (f32[3,1], f32[4]) -> f32[3,4]
// CHECK-NEXT:   return %a, %b
