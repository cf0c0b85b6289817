// RUN: thymosc %s --passes=fuse-elementwise,verify --emit=thy | FileCheck %s
// Every instruction runs at the fused result's shape, so an op whose result
// is smaller (broadcast by its reader) would be recomputed for each element
// it broadcasts to: it stays out of the group, and groups of its own shape.
module @m

// CHECK-LABEL: graph @scale(
graph @scale(%x: f32[16,64], %v: f32[16,1]) -> f32[16,64] {
  // CHECK-NEXT: %r = fused %v {program = [9, 0, -1, 12, 1, -1]} : (f32[16,1]) -> f32[16,1]
  // CHECK-NEXT: %y = fused %x, %r {program = [6, 0, 1, 15, 2, -1]} : (f32[16,64], f32[16,1]) -> f32[16,64]
  // CHECK-NEXT: return %y
  %e = exp %v : (f32[16,1]) -> f32[16,1]
  %r = rsqrt %e : (f32[16,1]) -> f32[16,1]
  %n = mul %x, %r : (f32[16,64], f32[16,1]) -> f32[16,64]
  %y = tanh %n : (f32[16,64]) -> f32[16,64]
  return %y
}
