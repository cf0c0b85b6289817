// RUN: thymosc %s --passes=fuse-elementwise,verify --emit=thy | FileCheck %s
// A chain add -> gelu -> mul becomes one fused op at the position of the
// chain's last op, keeping its result name. The program's values: inputs
// %x %b %s are 0 1 2; instruction j is value 3 + j.
module @m

// CHECK-LABEL: graph @chain(
graph @chain(%x: f32[8,64], %b: f32[64], %s: f32[8,1]) -> f32[8,64] {
  // CHECK-NEXT: %y = fused %x, %b, %s {program = [4, 0, 1, 16, 3, -1, 6, 4, 2]} : (f32[8,64], f32[64], f32[8,1]) -> f32[8,64]
  // CHECK-NEXT: return %y
  %h = add %x, %b : (f32[8,64], f32[64]) -> f32[8,64]
  %g = gelu %h : (f32[8,64]) -> f32[8,64]
  %y = mul %g, %s : (f32[8,64], f32[8,1]) -> f32[8,64]
  return %y
}

// A constant operand stays an input of the fused op (and stays a const).
// CHECK-LABEL: graph @with_const(
graph @with_const(%x: f64[4]) -> f64[4] {
  // CHECK-NEXT: %half = const {value = 0.5} : () -> f64[]
  // CHECK-NEXT: %y = fused %x, %half {program = [6, 0, 1, 9, 2, -1]} : (f64[4], f64[]) -> f64[4]
  // CHECK-NEXT: return %y
  %half = const {value = 0.5} : () -> f64[]
  %s = mul %x, %half : (f64[4], f64[]) -> f64[4]
  %y = exp %s : (f64[4]) -> f64[4]
  return %y
}
