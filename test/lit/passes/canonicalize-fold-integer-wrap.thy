// RUN: thymosc %s --passes=canonicalize,dce,verify --emit=thy | FileCheck %s
// i32 arithmetic wraps on overflow (two's complement), as at run time.
module @m

graph @f() -> (i32[], i32[]) {
  %max = const {value = 2147483647} : () -> i32[]
  %one = const {value = 1} : () -> i32[]
  %big = const {value = 65536} : () -> i32[]
  %s = add %max, %one : (i32[], i32[]) -> i32[]
  %p = mul %big, %big : (i32[], i32[]) -> i32[]
  return %s, %p
}

// CHECK-LABEL: graph @f(
// CHECK-NEXT:   %s = const {value = -2147483648} : () -> i32[]
// CHECK-NEXT:   %p = const {value = 0} : () -> i32[]
// CHECK-NEXT:   return %s, %p
