// State names are unique in a module.
// RUN: not thymosc %s 2>&1 | FileCheck %s
module @m
state @w : f32[2]
// CHECK: [[@LINE+2]]:7: error: redefinition of state '@w'
// CHECK: [[@LINE-2]]:7: note: previous definition is here
state @w : f32[3]
graph @f(%x: f32[2]) -> f32[2] {
  return %x
}
