// RUN: thymosc %s --passes=canonicalize,dce,verify --emit=thy | FileCheck %s
// Integer division truncates toward zero.
module @m

graph @f() -> i32[4] {
  %a = const {value = [7, -7, 7, -7]} : () -> i32[4]
  %b = const {value = [2, 2, -2, -2]} : () -> i32[4]
  %q = div %a, %b : (i32[4], i32[4]) -> i32[4]
  return %q
}

// CHECK-LABEL: graph @f(
// CHECK-NEXT:   %q = const {value = [3, -3, -3, 3]} : () -> i32[4]
// CHECK-NEXT:   return %q
