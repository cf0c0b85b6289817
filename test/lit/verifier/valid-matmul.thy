// RUN: thymosc %s | FileCheck %s
// matmul: plain, batched with broadcasting, transpose_b, and quantized weights.
module @m

// CHECK-LABEL: graph @matmuls(
graph @matmuls(%x: f32[64,4], %w: f32[4,1], %bx: f64[2,1,4,8], %bw: f64[3,8,5],
               %h: f16[2,8], %ht: f16[16,8], %hs: f16[8,8], %a: f32[1,64], %q8: q8_0[256,64],
               %q4: q4_0[2,128,64]) -> f32[1,256] {
  // CHECK-NEXT: %y = matmul %x, %w : (f32[64,4], f32[4,1]) -> f32[64,1]
  %y = matmul %x, %w : (f32[64,4], f32[4,1]) -> f32[64,1]
  // CHECK-NEXT: %b = matmul %bx, %bw : (f64[2,1,4,8], f64[3,8,5]) -> f64[2,3,4,5]
  %b = matmul %bx, %bw : (f64[2,1,4,8], f64[3,8,5]) -> f64[2,3,4,5]
  // CHECK-NEXT: %t = matmul %h, %ht {transpose_b = true} : (f16[2,8], f16[16,8]) -> f16[2,16]
  %t = matmul %h, %ht {transpose_b = true} : (f16[2,8], f16[16,8]) -> f16[2,16]
  // CHECK-NEXT: %f = matmul %h, %hs {transpose_b = false} : (f16[2,8], f16[8,8]) -> f16[2,8]
  %f = matmul %h, %hs {transpose_b = false} : (f16[2,8], f16[8,8]) -> f16[2,8]
  // CHECK-NEXT: %g = matmul %a, %q8 {transpose_b = true} : (f32[1,64], q8_0[256,64]) -> f32[1,256]
  %g = matmul %a, %q8 {transpose_b = true} : (f32[1,64], q8_0[256,64]) -> f32[1,256]
  // CHECK-NEXT: %k = matmul %a, %q4 {transpose_b = true} : (f32[1,64], q4_0[2,128,64]) -> f32[2,1,128]
  %k = matmul %a, %q4 {transpose_b = true} : (f32[1,64], q4_0[2,128,64]) -> f32[2,1,128]
  // CHECK-NEXT: return %g
  return %g
}
