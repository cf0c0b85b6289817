// RUN: not thymosc %s 2>&1 | FileCheck --strict-whitespace %s
// A normalization over the last axis needs rank >= 1.
module @m
graph @f(%x: f32[], %g: f32[1]) -> f32[] {
  // CHECK: [[@LINE+1]]:8: error: 'rmsnorm' op x must have rank >= 1, got f32[]
  %n = rmsnorm %x, %g : (f32[], f32[1]) -> f32[]
  return %n
}
// CHECK-NOT: {{(error|note):}}
