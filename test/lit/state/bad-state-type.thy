// A state's type must be well formed.
// RUN: not thymosc %s 2>&1 | FileCheck %s
module @m
// CHECK: [[@LINE+1]]:12: error: state @w has invalid type f32[0]: dimension 0 is 0, but dimensions must be positive
state @w : f32[0]
graph @f(%x: f32[2]) -> f32[2] {
  return %x
}
