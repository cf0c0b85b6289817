// RUN: not thymosc %s 2>&1 | FileCheck --strict-whitespace %s
// epsilon must not be negative.
module @m
graph @f(%x: f32[8,64], %g: f32[64]) -> f32[8,64] {
  // CHECK: [[@LINE+1]]:8: error: 'rmsnorm' op epsilon must be a finite number >= 0, got -1e-05
  %n = rmsnorm %x, %g {epsilon = -1.0e-5} : (f32[8,64], f32[64]) -> f32[8,64]
  return %n
}
// CHECK-NOT: {{(error|note):}}
