// RUN: not thymosc %s 2>&1 | FileCheck %s
// -2^63 - 1 does not fit either.
module @m

graph @f(%x: f32[4]) -> f32[4] {
  // CHECK: [[@LINE+1]]:27: error: integer literal '-9223372036854775809' does not fit in 64 bits
  %y = softmax %x {axis = -9223372036854775809} : (f32[4]) -> f32[4]
  return %y
}
