// A binding must name a declared state.
// RUN: not thymosc %s 2>&1 | FileCheck %s
module @m
state @w : f32[2]
// CHECK: [[@LINE+1]]:42: error: unknown state '@v'; declare it before the graph with 'state @v : type'
graph @f() -> f32[2] state(%w = @w, %v = @v) {
  return %w
}
