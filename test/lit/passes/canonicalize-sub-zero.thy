// RUN: thymosc %s --passes=canonicalize,verify --emit=thy | FileCheck %s
// x-0 is x; 0-x is not.
module @m

graph @f(%x: i32[4]) -> (i32[4], i32[4]) {
  %zero = const {value = 0} : () -> i32[]
  %a = sub %x, %zero : (i32[4], i32[]) -> i32[4]
  %b = sub %zero, %x : (i32[], i32[4]) -> i32[4]
  return %a, %b
}

// CHECK-LABEL: graph @f(
// CHECK-NEXT:   %zero = const {value = 0} : () -> i32[]
// CHECK-NEXT:   %b = sub %zero, %x : (i32[], i32[4]) -> i32[4]
// CHECK-NEXT:   return %x, %b
