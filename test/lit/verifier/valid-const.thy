// RUN: thymosc %s | FileCheck %s
// Constants: splats, nested arrays, integer literals for float types, and the i8 range limits.
module @m

// CHECK-LABEL: graph @consts() -> (f32[2,1], i32[4], i8[2], f64[], f32[3]) {
graph @consts() -> (f32[2,1], i32[4], i8[2], f64[], f32[3]) {
  // CHECK-NEXT: %w = const {value = {{\[\[}}0.5], [-1.0]]} : () -> f32[2,1]
  %w = const {value = [[0.5], [-1.0]]} : () -> f32[2,1]
  // CHECK-NEXT: %z = const {value = 0} : () -> i32[4]
  %z = const {value = 0} : () -> i32[4]
  // CHECK-NEXT: %b = const {value = [-128, 127]} : () -> i8[2]
  %b = const {value = [-128, 127]} : () -> i8[2]
  // CHECK-NEXT: %s = const {value = 2.5} : () -> f64[]
  %s = const {value = 2.5} : () -> f64[]
  // CHECK-NEXT: %n = const {value = [1, 2, 3]} : () -> f32[3]
  %n = const {value = [1, 2, 3]} : () -> f32[3]
  // CHECK-NEXT: return %w, %z, %b, %s, %n
  return %w, %z, %b, %s, %n
}
