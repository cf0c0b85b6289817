// RUN: not thymosc %s 2>&1 | FileCheck --strict-whitespace %s
// layernorm's weight is one-dimensional.
module @m
graph @f(%x: f32[8,64], %g: f32[1,64], %b: f32[64]) -> f32[8,64] {
  // CHECK: [[@LINE+1]]:8: error: 'layernorm' op weight must have type f32[64] (x's element type and last dimension), got f32[1,64]
  %n = layernorm %x, %g, %b : (f32[8,64], f32[1,64], f32[64]) -> f32[8,64]
  return %n
}
// CHECK-NOT: {{(error|note):}}
