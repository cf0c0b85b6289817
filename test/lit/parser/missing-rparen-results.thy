// RUN: not thymosc %s 2>&1 | FileCheck %s
// A parenthesised result list must be closed.
module @m

// CHECK: [[@LINE+1]]:41: error: expected ')' to end the result type list, found '{'
graph @f(%x: f32[4]) -> (f32[4], f32[4] {
  return %x, %x
}
