// RUN: not thymosc %s 2>&1 | FileCheck %s
// The same holds for large negative numbers inside an array.
module @m

graph @f() -> f32[2] {
  // CHECK: [[@LINE+1]]:29: error: number '-1e400' is out of range for f64
  %c = const {value = [1.0, -1e400]} : () -> f32[2]
  return %c
}
