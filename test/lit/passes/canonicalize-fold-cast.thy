// RUN: thymosc %s --passes=canonicalize,dce,verify --emit=thy | FileCheck %s
// cast folds between f64, f32 and i32: to an integer it truncates toward zero
// and saturates; to f32 it rounds to the nearest float.
module @m

graph @f() -> (i32[4], f32[], f64[2]) {
  %a = const {value = [2.7, -2.7, 1.0e10, -1.0e10]} : () -> f64[4]
  %i = cast %a : (f64[4]) -> i32[4]
  %b = const {value = 0.1} : () -> f64[]
  %f = cast %b : (f64[]) -> f32[]
  %n = const {value = [-3, 16777217]} : () -> i32[2]
  %d = cast %n : (i32[2]) -> f64[2]
  return %i, %f, %d
}

// CHECK-LABEL: graph @f(
// CHECK-NEXT:   %i = const {value = [2, -2, 2147483647, -2147483648]} : () -> i32[4]
// CHECK-NEXT:   %f = const {value = 0.10000000149011612} : () -> f32[]
// CHECK-NEXT:   %d = const {value = [-3.0, 16777217.0]} : () -> f64[2]
// CHECK-NEXT:   return %i, %f, %d
