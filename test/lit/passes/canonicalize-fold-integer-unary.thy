// RUN: thymosc %s --passes=canonicalize,dce,verify --emit=thy | FileCheck %s
// i32 neg and relu fold; -(-2147483648) wraps to itself, as at run time.
module @m

graph @f() -> (i32[3], i32[3]) {
  %c = const {value = [-2147483648, -5, 7]} : () -> i32[3]
  %n = neg %c : (i32[3]) -> i32[3]
  %r = relu %c : (i32[3]) -> i32[3]
  return %n, %r
}

// CHECK-LABEL: graph @f(
// CHECK-NEXT:   %n = const {value = [-2147483648, 5, -7]} : () -> i32[3]
// CHECK-NEXT:   %r = const {value = [0, 0, 7]} : () -> i32[3]
// CHECK-NEXT:   return %n, %r
