// RUN: not thymosc %s 2>&1 | FileCheck --strict-whitespace %s
// epsilon must not be nan.
module @m
graph @f(%x: f32[8,64], %g: f32[64], %b: f32[64]) -> f32[8,64] {
  // CHECK: [[@LINE+1]]:8: error: 'layernorm' op epsilon must be a finite number >= 0, got nan
  %n = layernorm %x, %g, %b {epsilon = nan} : (f32[8,64], f32[64], f32[64]) -> f32[8,64]
  return %n
}
// CHECK-NOT: {{(error|note):}}
