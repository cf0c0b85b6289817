// RUN: thymosc %s --passes=canonicalize,dce,verify --emit=thy | FileCheck %s
// f32 folds round like f32: the operand 0.1 is the float nearest 0.1, and the
// product (computed in double) is rounded to the nearest float again:
// 0.30000001192092896, not 0.30000000000000004.
module @m

graph @f() -> f32[] {
  %a = const {value = 0.1} : () -> f32[]
  %b = const {value = 3.0} : () -> f32[]
  %p = mul %a, %b : (f32[], f32[]) -> f32[]
  return %p
}

// CHECK-LABEL: graph @f(
// CHECK-NEXT:   %p = const {value = 0.30000001192092896} : () -> f32[]
// CHECK-NEXT:   return %p
