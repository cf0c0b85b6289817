// RUN: not thymosc %s 2>&1 | FileCheck %s
// '=' must be followed by an op name.
module @m

graph @f(%x: f32[4]) -> f32[4] {
  // CHECK: [[@LINE+1]]:8: error: expected an op name, found '%x'
  %y = %x : (f32[4]) -> f32[4]
  return %x
}
