// RUN: not thymosc %s 2>&1 | FileCheck %s
// Result names are followed by '='.
module @m

graph @f(%x: f32[4]) -> f32[4] {
  // CHECK: [[@LINE+1]]:6: error: expected '=' after the result names, found 'exp'
  %y exp %x : (f32[4]) -> f32[4]
  return %x
}
