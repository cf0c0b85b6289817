// RUN: not thymosc %s 2>&1 | FileCheck --strict-whitespace %s
// A quantized matmul gives f32, and the codomain must say so.
module @m
graph @f(%x: f32[1,64], %w: q8_0[256,64]) -> f32[1,64] {
  // CHECK: [[@LINE+1]]:74: error: 'matmul' op codomain is f32[1,64], but the domain (f32[1,64], q8_0[256,64]) gives f32[1,256]
  %h = matmul %x, %w {transpose_b = true} : (f32[1,64], q8_0[256,64]) -> f32[1,64]
  return %h
}
// CHECK-NOT: {{(error|note):}}
