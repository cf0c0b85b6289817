// RUN: not thymosc %s 2>&1 | FileCheck %s
// The attribute dictionary must be closed with '}'.
module @m

graph @f(%x: f32[4]) -> f32[4] {
  // CHECK: [[@LINE+1]]:29: error: expected '}' to end the attributes, found ':'
  %y = softmax %x {axis = 1 : (f32[4]) -> f32[4]
  return %y
}
