// RUN: thymosc %s --passes=canonicalize,verify --emit=thy | FileCheck %s
// A value replaced by an identity is replaced in `update` and `return` too.
module @m

state @s : f32[4]

graph @f(%x: f32[4]) -> f32[4] {
  %one = const {value = 1.0} : () -> f32[]
  %y = mul %x, %one : (f32[4], f32[]) -> f32[4]
  update @s = %y
  return %y
}

// CHECK-LABEL: graph @f(
// CHECK-NEXT:   %one = const {value = 1.0} : () -> f32[]
// CHECK-NEXT:   update @s = %x
// CHECK-NEXT:   return %x
