// RUN: thymosc %s > %t.1 && thymosc %t.1 > %t.2 && diff %t.1 %t.2
// RUN: FileCheck %s < %t.1
// Attributes print in the order of the op's schema in Ops.td, whatever the
// order in the source, with one space around '=' and after ','.
module @m

// CHECK-LABEL: graph @f(
graph @f(%x: f32[4,6]) -> f32[4,1] {
  // CHECK: %s = slice %x {starts = [0, 1], ends = [4, 5], steps = [1, 2]} : (f32[4,6]) -> f32[4,2]
  %s = slice %x {steps=[1,2],ends=[4,5],starts=[0,1]} : (f32[4,6]) -> f32[4,2]
  // CHECK: %r = sum %s {axes = [1], keepdims = true} : (f32[4,2]) -> f32[4,1]
  %r = sum %s {keepdims = true, axes = [1]} : (f32[4,2]) -> f32[4,1]
  return %r
}
