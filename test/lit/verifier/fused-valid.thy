// RUN: thymosc %s --emit=thy | FileCheck %s
// Well-formed programs verify and print back unchanged: broadcasting inputs,
// a value read twice, an input the program does not read (it still widens
// the result), and a scalar.
module @m

// CHECK-LABEL: graph @f(
graph @f(%x: f32[8,64], %b: f32[64], %s: f32[8,1]) -> f32[8,64] {
  // CHECK-NEXT: %y = fused %x, %b, %s {program = [4, 0, 1, 16, 3, -1, 6, 4, 2]} : (f32[8,64], f32[64], f32[8,1]) -> f32[8,64]
  %y = fused %x, %b, %s {program = [4, 0, 1, 16, 3, -1, 6, 4, 2]} : (f32[8,64], f32[64], f32[8,1]) -> f32[8,64]
  return %y
}

// CHECK-LABEL: graph @g(
graph @g(%x: f64[3], %unused: f64[2,1], %c: f64[]) -> f64[2,3] {
  // CHECK-NEXT: %y = fused %x, %unused, %c {program = [11, 0, -1, 6, 3, 3, 7, 4, 2]} : (f64[3], f64[2,1], f64[]) -> f64[2,3]
  %y = fused %x, %unused, %c {program = [11, 0, -1, 6, 3, 3, 7, 4, 2]} : (f64[3], f64[2,1], f64[]) -> f64[2,3]
  return %y
}
