// RUN: thymosc %s | FileCheck %s
// rmsnorm and layernorm with default and explicit epsilon.
module @m

// CHECK-LABEL: graph @norm(%x: f32[8,64], %g: f32[64], %b: f32[64], %v: f64[64]) -> f32[8,64] {
graph @norm(%x: f32[8,64], %g: f32[64], %b: f32[64], %v: f64[64]) -> f32[8,64] {
  // CHECK-NEXT: %r = rmsnorm %x, %g : (f32[8,64], f32[64]) -> f32[8,64]
  %r = rmsnorm %x, %g : (f32[8,64], f32[64]) -> f32[8,64]
  // CHECK-NEXT: %r6 = rmsnorm %x, %g {epsilon = 1e-06} : (f32[8,64], f32[64]) -> f32[8,64]
  %r6 = rmsnorm %x, %g {epsilon = 1.0e-6} : (f32[8,64], f32[64]) -> f32[8,64]
  // CHECK-NEXT: %l = layernorm %r, %g, %b : (f32[8,64], f32[64], f32[64]) -> f32[8,64]
  %l = layernorm %r, %g, %b : (f32[8,64], f32[64], f32[64]) -> f32[8,64]
  // CHECK-NEXT: %z = layernorm %r6, %g, %b {epsilon = 0} : (f32[8,64], f32[64], f32[64]) -> f32[8,64]
  %z = layernorm %r6, %g, %b {epsilon = 0} : (f32[8,64], f32[64], f32[64]) -> f32[8,64]
  // CHECK-NEXT: %h = rmsnorm %v, %v : (f64[64], f64[64]) -> f64[64]
  %h = rmsnorm %v, %v : (f64[64], f64[64]) -> f64[64]
  // CHECK-NEXT: return %l
  return %l
}
