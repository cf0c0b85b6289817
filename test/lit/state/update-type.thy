// An update must give the state's exact type.
// RUN: not thymosc %s 2>&1 | FileCheck %s
module @m
state @w : f32[2]
graph @f(%x: f32[3]) -> f32[3] {
  // CHECK: [[@LINE+1]]:15: error: 'update' of state '@w' gives %x of type f32[3], but the state has type f32[2]
  update @w = %x
  return %x
}
