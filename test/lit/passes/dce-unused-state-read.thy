// RUN: thymosc %s --passes=dce,verify --emit=thy | FileCheck %s
// An unused state read is not an op: it stays in the graph's signature. Ops
// reading it that nothing uses go.
module @m

state @w : f32[4]

graph @f(%x: f32[4]) -> f32[4]
    state(%w = @w) {
  %u = mul %w, %w : (f32[4], f32[4]) -> f32[4]
  return %x
}

// CHECK-LABEL: graph @f(
// CHECK-SAME:   state(%w = @w) {
// CHECK-NEXT:   return %x
