// RUN: not thymosc %s 2>&1 | FileCheck %s
// A number where a row is expected also breaks the rectangle.
module @m

graph @f() -> f32[2,2] {
  // CHECK: [[@LINE+1]]:32: error: array literal is not rectangular: this element has shape [] but the first has shape [2]
  %c = const {value = [[1, 2], 3]} : () -> f32[2,2]
  return %c
}
