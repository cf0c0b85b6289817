// RUN: env LD_BIND_NOW=1 thymosc %s --load-pass-plugin=%plugin_example --passes=strip-mul-by-one,verify --emit=thy | FileCheck %s
// The example plugin's strip-mul-by-one rewrites x * 1 to x, in either operand
// order and for scalar or array ones, and drops constants left unused. A
// multiplication whose result is wider than the other operand (%w) and one by
// 2 (%v) stay. test/plugins/install-and-build.sh reuses these checks.
module @scale

graph @scale(%x: f32[4], %s: f32[]) -> (f32[4], f32[4], f32[4]) {
  %one = const {value = 1.0} : () -> f32[]
  %ones = const {value = [1, 1, 1, 1]} : () -> f32[4]
  %two = const {value = 2.0} : () -> f32[]
  %y = mul %x, %one : (f32[4], f32[]) -> f32[4]
  %z = mul %ones, %y : (f32[4], f32[4]) -> f32[4]
  %w = mul %s, %ones : (f32[], f32[4]) -> f32[4]
  %v = mul %z, %two : (f32[4], f32[]) -> f32[4]
  return %z, %w, %v
}

// CHECK-LABEL: graph @scale(%x: f32[4], %s: f32[]) -> (f32[4], f32[4], f32[4]) {
// CHECK-NEXT:    %ones = const {value = [1, 1, 1, 1]} : () -> f32[4]
// CHECK-NEXT:    %two = const {value = 2.0} : () -> f32[]
// CHECK-NEXT:    %w = mul %s, %ones : (f32[], f32[4]) -> f32[4]
// CHECK-NEXT:    %v = mul %x, %two : (f32[4], f32[]) -> f32[4]
// CHECK-NEXT:    return %x, %w, %v
// CHECK-NEXT:  }
