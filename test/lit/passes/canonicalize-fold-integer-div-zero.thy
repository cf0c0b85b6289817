// RUN: thymosc %s --passes=canonicalize,verify --emit=thy | FileCheck %s
// Integer division by zero, or of INT_MIN by -1, fails at run time; folding must
// not turn it into a value, so neither folds.
module @m

graph @f() -> (i32[2], i32[]) {
  %a = const {value = [6, 1]} : () -> i32[2]
  %b = const {value = [3, 0]} : () -> i32[2]
  %q = div %a, %b : (i32[2], i32[2]) -> i32[2]
  %min = const {value = -2147483648} : () -> i32[]
  %m1 = const {value = -1} : () -> i32[]
  %o = div %min, %m1 : (i32[], i32[]) -> i32[]
  return %q, %o
}

// CHECK-LABEL: graph @f(
// CHECK:        %q = div %a, %b : (i32[2], i32[2]) -> i32[2]
// CHECK:        %o = div %min, %m1 : (i32[], i32[]) -> i32[]
// CHECK-NEXT:   return %q, %o
