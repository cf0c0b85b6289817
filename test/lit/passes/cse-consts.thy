// RUN: thymosc %s --passes=cse,verify --emit=thy | FileCheck %s
// Consts with equal values and types merge; a different value or type does not.
module @m

graph @f() -> (f32[2], f32[2], f32[2], f64[2]) {
  %a = const {value = [1.0, 2.0]} : () -> f32[2]
  %b = const {value = [1.0, 2.0]} : () -> f32[2]
  %c = const {value = [1.0, 3.0]} : () -> f32[2]
  %d = const {value = [1.0, 2.0]} : () -> f64[2]
  return %a, %b, %c, %d
}

// CHECK-LABEL: graph @f(
// CHECK-NEXT:   %a = const {value = [1.0, 2.0]} : () -> f32[2]
// CHECK-NEXT:   %c = const {value = [1.0, 3.0]} : () -> f32[2]
// CHECK-NEXT:   %d = const {value = [1.0, 2.0]} : () -> f64[2]
// CHECK-NEXT:   return %a, %a, %c, %d
