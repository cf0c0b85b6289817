// A graph updates each state at most once.
// RUN: not thymosc %s 2>&1 | FileCheck %s
module @m
state @w : f32[2]
graph @f(%x: f32[2], %y: f32[2]) -> f32[2] {
  update @w = %x
  // CHECK: [[@LINE+2]]:10: error: state '@w' is updated twice in graph '@f'
  // CHECK: [[@LINE-2]]:10: note: first update is here
  update @w = %y
  return %x
}
