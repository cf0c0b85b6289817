// RUN: thymosc %s --passes=canonicalize,verify --emit=thy | FileCheck %s
// Casts from and to f16 and bf16 are not folded (rounding to them is left to
// code generation).
module @m

graph @f() -> (f32[], bf16[]) {
  %a = const {value = 0.1} : () -> f16[]
  %p = cast %a : (f16[]) -> f32[]
  %c = const {value = 0.1} : () -> f32[]
  %h = cast %c : (f32[]) -> bf16[]
  return %p, %h
}

// CHECK-LABEL: graph @f(
// CHECK:        %p = cast %a : (f16[]) -> f32[]
// CHECK:        %h = cast %c : (f32[]) -> bf16[]
// CHECK-NEXT:   return %p, %h
