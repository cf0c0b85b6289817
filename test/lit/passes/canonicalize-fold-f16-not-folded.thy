// RUN: thymosc %s --passes=canonicalize,verify --emit=thy | FileCheck %s
// f16 and bf16 ops are not folded (rounding to them is left to code generation).
module @m

graph @f() -> (f16[], bf16[]) {
  %a = const {value = 0.1} : () -> f16[]
  %b = const {value = 3.0} : () -> f16[]
  %p = mul %a, %b : (f16[], f16[]) -> f16[]
  %c = const {value = 0.1} : () -> f32[]
  %h = cast %c : (f32[]) -> bf16[]
  return %p, %h
}

// CHECK-LABEL: graph @f(
// CHECK:        %p = mul %a, %b : (f16[], f16[]) -> f16[]
// CHECK:        %h = cast %c : (f32[]) -> bf16[]
// CHECK-NEXT:   return %p, %h
