// RUN: thymosc %s --passes=canonicalize,verify --emit=thy | FileCheck %s
// x/1 is x; 1/x is not.
module @m

graph @f(%x: f64[4]) -> (f64[4], f64[4]) {
  %one = const {value = 1} : () -> f64[]
  %a = div %x, %one : (f64[4], f64[]) -> f64[4]
  %b = div %one, %x : (f64[], f64[4]) -> f64[4]
  return %a, %b
}

// CHECK-LABEL: graph @f(
// CHECK-NEXT:   %one = const {value = 1} : () -> f64[]
// CHECK-NEXT:   %b = div %one, %x : (f64[], f64[4]) -> f64[4]
// CHECK-NEXT:   return %x, %b
