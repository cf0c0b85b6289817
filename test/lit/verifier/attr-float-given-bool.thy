// RUN: not thymosc %s 2>&1 | FileCheck --strict-whitespace %s
// A number attribute is given a boolean.
module @m
graph @f(%x: f32[8,64], %g: f32[64]) -> f32[8,64] {
  // CHECK: [[@LINE+1]]:24: error: 'rmsnorm' op attribute 'epsilon' must be a number, got true
  %n = rmsnorm %x, %g {epsilon = true} : (f32[8,64], f32[64]) -> f32[8,64]
  return %n
}
// CHECK-NOT: {{(error|note):}}
