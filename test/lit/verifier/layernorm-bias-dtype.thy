// RUN: not thymosc %s 2>&1 | FileCheck --strict-whitespace %s
// layernorm's bias must have x's element type.
module @m
graph @f(%x: f32[8,64], %g: f32[64], %b: f64[64]) -> f32[8,64] {
  // CHECK: [[@LINE+1]]:8: error: 'layernorm' op bias must have type f32[64] (x's element type and last dimension), got f64[64]
  %n = layernorm %x, %g, %b : (f32[8,64], f32[64], f64[64]) -> f32[8,64]
  return %n
}
// CHECK-NOT: {{(error|note):}}
