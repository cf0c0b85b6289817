// RUN: thymosc %s --passes=canonicalize,verify --emit=thy | FileCheck %s
// Results of more than 65536 elements are not folded (they would be stored in
// the plan); 256x256 = 65536 is still folded.
module @m

graph @f() -> (f32[256,256], f32[256,257]) {
  %a = const {value = 1.5} : () -> f32[]
  %b = const {value = 2.0} : () -> f32[256,256]
  %c = const {value = 2.0} : () -> f32[256,257]
  %small = add %a, %b : (f32[], f32[256,256]) -> f32[256,256]
  %large = add %a, %c : (f32[], f32[256,257]) -> f32[256,257]
  return %small, %large
}

// CHECK-LABEL: graph @f(
// CHECK:        %small = const {value = 3.5} : () -> f32[256,256]
// CHECK-NEXT:   %large = add %a, %c : (f32[], f32[256,257]) -> f32[256,257]
// CHECK-NEXT:   return %small, %large
