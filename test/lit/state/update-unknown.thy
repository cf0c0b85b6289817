// 'update' must name a declared state.
// RUN: not thymosc %s 2>&1 | FileCheck %s
module @m
graph @f(%x: f32[2]) -> f32[2] {
  // CHECK: [[@LINE+1]]:10: error: unknown state '@nope'
  update @nope = %x
  return %x
}
