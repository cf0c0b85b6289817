// RUN: not thymosc %s 2>&1 | FileCheck %s --implicit-check-not=error:
// The file ends right after an op, before any 'return'.
module @m

graph @f(%x: f32[4]) -> f32[4] {
  %y = exp %x : (f32[4]) -> f32[4]
// CHECK: [[@LINE+1]]:1: error: expected '}' to close graph '@f', found end of file
