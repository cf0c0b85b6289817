// RUN: thymosc %s | FileCheck %s
// cholesky and triangular_solve, batched, with every attribute spelled out.
module @m

// CHECK-LABEL: graph @solve(%a: f64[8,8], %b: f64[8,1], %s: f32[3,4,4], %r: f32[3,4,2]) -> f64[8,1] {
graph @solve(%a: f64[8,8], %b: f64[8,1], %s: f32[3,4,4], %r: f32[3,4,2]) -> f64[8,1] {
  // CHECK-NEXT: %l = cholesky %a : (f64[8,8]) -> f64[8,8]
  %l = cholesky %a : (f64[8,8]) -> f64[8,8]
  // CHECK-NEXT: %y = triangular_solve %l, %b : (f64[8,8], f64[8,1]) -> f64[8,1]
  %y = triangular_solve %l, %b : (f64[8,8], f64[8,1]) -> f64[8,1]
  // CHECK-NEXT: %x = triangular_solve %l, %y {transpose_a = true} : (f64[8,8], f64[8,1]) -> f64[8,1]
  %x = triangular_solve %l, %y {transpose_a = true} : (f64[8,8], f64[8,1]) -> f64[8,1]
  // CHECK-NEXT: %ls = cholesky %s : (f32[3,4,4]) -> f32[3,4,4]
  %ls = cholesky %s : (f32[3,4,4]) -> f32[3,4,4]
  // CHECK-NEXT: %u = triangular_solve %ls, %r {lower = false, transpose_a = false} : (f32[3,4,4], f32[3,4,2]) -> f32[3,4,2]
  %u = triangular_solve %ls, %r {transpose_a = false, lower = false} : (f32[3,4,4], f32[3,4,2]) -> f32[3,4,2]
  // CHECK-NEXT: return %x
  return %x
}
