// RUN: not thymosc %s 2>&1 | FileCheck --strict-whitespace %s
// A q8_0 weight multiplies f32 activations only.
module @m
graph @f(%x: f16[1,64], %w: q8_0[256,64]) -> f16[1,256] {
  // CHECK: [[@LINE+1]]:8: error: 'matmul' op a q8_0 rhs needs an f32 lhs, got f16
  %h = matmul %x, %w {transpose_b = true} : (f16[1,64], q8_0[256,64]) -> f16[1,256]
  return %h
}
// CHECK-NOT: {{(error|note):}}
