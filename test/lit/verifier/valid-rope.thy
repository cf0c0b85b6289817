// RUN: thymosc %s | FileCheck %s
// rope with the default freq_base, another one, part of each head rotated,
// and in f64 (a default written out stays in the text).
module @m

// CHECK-LABEL: graph @rope(%x: f32[8,4,64], %p: i32[8], %d: f64[1,1,2], %q: i32[1]) -> (f32[8,4,64], f64[1,1,2]) {
graph @rope(%x: f32[8,4,64], %p: i32[8], %d: f64[1,1,2], %q: i32[1]) -> (f32[8,4,64], f64[1,1,2]) {
  // CHECK-NEXT: %a = rope %x, %p {rotary_dims = 64} : (f32[8,4,64], i32[8]) -> f32[8,4,64]
  %a = rope %x, %p {rotary_dims = 64} : (f32[8,4,64], i32[8]) -> f32[8,4,64]
  // CHECK-NEXT: %b = rope %a, %p {freq_base = 5e+05, rotary_dims = 32} : (f32[8,4,64], i32[8]) -> f32[8,4,64]
  %b = rope %a, %p {freq_base = 500000.0, rotary_dims = 32} : (f32[8,4,64], i32[8]) -> f32[8,4,64]
  // CHECK-NEXT: %c = rope %d, %q {freq_base = 10000.0, rotary_dims = 2} : (f64[1,1,2], i32[1]) -> f64[1,1,2]
  %c = rope %d, %q {freq_base = 10000.0, rotary_dims = 2} : (f64[1,1,2], i32[1]) -> f64[1,1,2]
  // CHECK-NEXT: return %b, %c
  return %b, %c
}
