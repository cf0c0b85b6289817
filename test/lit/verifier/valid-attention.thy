// RUN: thymosc %s | FileCheck %s
// RUN: thymosc %s | thymosc - | FileCheck %s
// attention with grouped-query heads (8 over 2), with one key/value head per
// query head, in f64, and with several queries; scales print shortest.
module @m

// CHECK-LABEL: graph @attend(%q: f32[1,8,8], %k: f32[16,2,8], %v: f32[16,2,8], %qd: f64[4,2,4], %kd: f64[4,2,4], %pos: i32[]) -> (f32[1,8,8], f64[4,2,4]) {
graph @attend(%q: f32[1,8,8], %k: f32[16,2,8], %v: f32[16,2,8], %qd: f64[4,2,4], %kd: f64[4,2,4], %pos: i32[]) -> (f32[1,8,8], f64[4,2,4]) {
  // CHECK-NEXT: %a = attention %q, %k, %v, %pos {scale = 0.35355339059327373} : (f32[1,8,8], f32[16,2,8], f32[16,2,8], i32[]) -> f32[1,8,8]
  %a = attention %q, %k, %v, %pos {scale = 0.35355339059327373} : (f32[1,8,8], f32[16,2,8], f32[16,2,8], i32[]) -> f32[1,8,8]
  // CHECK-NEXT: %b = attention %a, %k, %k, %pos {scale = -0.001} : (f32[1,8,8], f32[16,2,8], f32[16,2,8], i32[]) -> f32[1,8,8]
  %b = attention %a, %k, %k, %pos {scale = -1.0e-3} : (f32[1,8,8], f32[16,2,8], f32[16,2,8], i32[]) -> f32[1,8,8]
  // CHECK-NEXT: %c = attention %qd, %kd, %kd, %pos {scale = 0.5} : (f64[4,2,4], f64[4,2,4], f64[4,2,4], i32[]) -> f64[4,2,4]
  %c = attention %qd, %kd, %kd, %pos {scale = 0.5} : (f64[4,2,4], f64[4,2,4], f64[4,2,4], i32[]) -> f64[4,2,4]
  // CHECK-NEXT: return %b, %c
  return %b, %c
}
