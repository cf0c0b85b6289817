// RUN: thymosc %s --passes=canonicalize,dce,verify --emit=thy | FileCheck %s
// Folding broadcasts with NumPy's rules: [2,1] - [3] gives [2,3]; a splat
// result is written as one number.
module @m

graph @f() -> (i32[2,3], i32[2,3]) {
  %col = const {value = [[10], [20]]} : () -> i32[2,1]
  %row = const {value = [1, 2, 3]} : () -> i32[3]
  %d = sub %col, %row : (i32[2,1], i32[3]) -> i32[2,3]
  %s = const {value = 4} : () -> i32[]
  %t = const {value = 5} : () -> i32[2,3]
  %u = add %s, %t : (i32[], i32[2,3]) -> i32[2,3]
  return %d, %u
}

// CHECK-LABEL: graph @f(
// CHECK-NEXT:   %d = const {value = {{\[}}[9, 8, 7], [19, 18, 17]]} : () -> i32[2,3]
// CHECK-NEXT:   %u = const {value = 9} : () -> i32[2,3]
// CHECK-NEXT:   return %d, %u
