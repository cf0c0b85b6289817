// RUN: not thymosc %s 2>&1 | FileCheck %s
// A graph's arguments are in parentheses, even when there are none.
module @m

// CHECK: [[@LINE+1]]:10: error: expected '(' to start the graph's arguments, found '%x'
graph @f %x: f32[4]) -> f32[4] {
  return %x
}
