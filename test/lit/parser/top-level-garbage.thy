// RUN: not thymosc %s 2>&1 | FileCheck %s --implicit-check-not=error:
// Only graphs follow the module line; the parser skips to the next 'graph'.
module @m

// CHECK: [[@LINE+1]]:1: error: expected 'graph', 'state' or end of file, found 'weights'
weights @w : f32[4]

graph @f(%x: f32[4]) -> f32[4] {
  // CHECK: [[@LINE+1]]:8: error: unknown op 'exq'; did you mean 'exp'?
  %y = exq %x : (f32[4]) -> f32[4]
  return %x
}
