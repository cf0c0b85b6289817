// RUN: not thymosc %s 2>&1 | FileCheck %s
// An element type alone is not a type; the message shows how to write a scalar.
// The error points at the next token, on the following line.
module @m

graph @f(%x: f32[4]) -> f32[4] {
  %y = exp %x : (f32[4]) -> f32
  // CHECK: [[@LINE+1]]:3: error: expected '[' after the element type (write 'f32[]' for a scalar), found 'return'
  return %y
}
