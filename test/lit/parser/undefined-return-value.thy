// RUN: not thymosc %s 2>&1 | FileCheck %s
// 'return' names a value that is never defined.
module @m

graph @f(%x: f32[4]) -> f32[4] {
  // CHECK: [[@LINE+1]]:10: error: use of undefined value '%z'
  return %z
}
