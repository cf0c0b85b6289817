// RUN: not thymosc %s 2>&1 | FileCheck %s
// The argument list is not closed before '->'.
module @m

// CHECK: [[@LINE+1]]:21: error: expected ')' to end the graph's arguments, found '->'
graph @f(%x: f32[4] -> f32[4] {
  return %x
}
