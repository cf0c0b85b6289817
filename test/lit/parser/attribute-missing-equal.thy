// RUN: not thymosc %s 2>&1 | FileCheck %s
// An attribute is `name = value`.
module @m

graph @f(%x: f32[4]) -> f32[4] {
  // CHECK: [[@LINE+1]]:25: error: expected '=' after the attribute name, found '1'
  %y = softmax %x {axis 1} : (f32[4]) -> f32[4]
  return %y
}
