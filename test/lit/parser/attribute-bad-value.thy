// RUN: not thymosc %s 2>&1 | FileCheck %s
// An attribute value is a number, a boolean or an array.
module @m

graph @f(%x: f32[4]) -> f32[4] {
  // CHECK: [[@LINE+1]]:27: error: expected a number, a string, 'true', 'false' or '[', found 'last'
  %y = softmax %x {axis = last} : (f32[4]) -> f32[4]
  return %y
}
