// RUN: thymosc %s --passes=dce,verify --emit=thy | FileCheck %s
// An op used only by an update is live.
module @m

state @w : f32[4]

graph @f(%x: f32[4]) -> f32[4]
    state(%w = @w) {
  %n = add %w, %x : (f32[4], f32[4]) -> f32[4]
  %dead = exp %n : (f32[4]) -> f32[4]
  update @w = %n
  return %x
}

// CHECK-LABEL: graph @f(
// CHECK-SAME:   state(%w = @w) {
// CHECK-NEXT:   %n = add %w, %x : (f32[4], f32[4]) -> f32[4]
// CHECK-NEXT:   update @w = %n
// CHECK-NEXT:   return %x
