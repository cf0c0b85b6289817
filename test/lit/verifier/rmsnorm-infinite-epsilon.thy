// RUN: not thymosc %s 2>&1 | FileCheck --strict-whitespace %s
// epsilon must be finite.
module @m
graph @f(%x: f32[8,64], %g: f32[64]) -> f32[8,64] {
  // CHECK: [[@LINE+1]]:8: error: 'rmsnorm' op epsilon must be a finite number >= 0, got inf
  %n = rmsnorm %x, %g {epsilon = inf} : (f32[8,64], f32[64]) -> f32[8,64]
  return %n
}
// CHECK-NOT: {{(error|note):}}
