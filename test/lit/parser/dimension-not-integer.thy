// RUN: not thymosc %s 2>&1 | FileCheck %s
// A dimension written as a float is rejected.
module @m

graph @f(%x: f32[4]) -> f32[4] {
  // CHECK: [[@LINE+1]]:33: error: expected a dimension size (a non-negative integer below 2^63), found '1.5'
  %y = exp %x : (f32[4]) -> f32[1.5]
  return %y
}
