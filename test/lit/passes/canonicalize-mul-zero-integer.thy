// RUN: thymosc %s --passes=canonicalize,verify --emit=thy | FileCheck %s
// Integer x*0 is 0: the zero itself when it has the result's type, otherwise a
// new zero const of that type named like the product.
module @m

graph @f(%x: i32[4]) -> (i32[4], i32[4]) {
  %zero = const {value = 0} : () -> i32[]
  %zeros = const {value = [0, 0, 0, 0]} : () -> i32[4]
  %a = mul %x, %zero : (i32[4], i32[]) -> i32[4]
  %b = mul %zeros, %x : (i32[4], i32[4]) -> i32[4]
  return %a, %b
}

// CHECK-LABEL: graph @f(
// CHECK-NEXT:   %zero = const {value = 0} : () -> i32[]
// CHECK-NEXT:   %zeros = const {value = [0, 0, 0, 0]} : () -> i32[4]
// CHECK-NEXT:   %a = const {value = 0} : () -> i32[4]
// CHECK-NEXT:   return %a, %zeros
