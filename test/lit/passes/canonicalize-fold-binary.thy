// RUN: thymosc %s --passes=canonicalize,dce,verify --emit=thy | FileCheck %s
// add, sub, mul and div of consts fold elementwise.
module @m

graph @f() -> (f64[3], f64[3], f64[3], f64[3]) {
  %a = const {value = [1.0, -2.0, 6.0]} : () -> f64[3]
  %b = const {value = [4.0, 0.5, -3.0]} : () -> f64[3]
  %add = add %a, %b : (f64[3], f64[3]) -> f64[3]
  %sub = sub %a, %b : (f64[3], f64[3]) -> f64[3]
  %mul = mul %a, %b : (f64[3], f64[3]) -> f64[3]
  %div = div %a, %b : (f64[3], f64[3]) -> f64[3]
  return %add, %sub, %mul, %div
}

// CHECK-LABEL: graph @f(
// CHECK-NEXT:   %add = const {value = [5.0, -1.5, 3.0]} : () -> f64[3]
// CHECK-NEXT:   %sub = const {value = [-3.0, -2.5, 9.0]} : () -> f64[3]
// CHECK-NEXT:   %mul = const {value = [4.0, -1.0, -18.0]} : () -> f64[3]
// CHECK-NEXT:   %div = const {value = [0.25, -4.0, -2.0]} : () -> f64[3]
// CHECK-NEXT:   return %add, %sub, %mul, %div
