// --emit=none still verifies: a bad module fails with exit 1.
// RUN: not thymosc %s --emit=none 2>&1 | FileCheck %s
// CHECK: error: 'exp' op
module @m
graph @f(%x: f32[4]) -> f32[4] {
  %y = exp %x : (f32[4]) -> f32[5]
  return %y
}
