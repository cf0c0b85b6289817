// RUN: not thymosc %s 2>&1 | FileCheck %s --implicit-check-not=error:
// The file ends inside a graph: one error, at the end of the file, naming the
// graph (not a second one about what follows 'return').
module @m

graph @f(%x: f32[4]) -> f32[4] {
  %y = exp %x : (f32[4]) -> f32[4]
  return %y
// CHECK: [[@LINE+1]]:1: error: expected '}' to close graph '@f', found end of file
