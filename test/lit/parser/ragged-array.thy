// RUN: not thymosc %s 2>&1 | FileCheck %s
// Rows of an array literal must have equal lengths.
module @m

graph @f() -> f32[2,2] {
  // CHECK: [[@LINE+3]]:32: error: array literal is not rectangular: this element has shape [1] but the first has shape [2]
  // CHECK-NEXT: {{^}}  %c = const {value = {{\[\[}}1, 2], [3]]} : () -> f32[2,2]{{$}}
  // CHECK-NEXT: {{^}}                               ^{{$}}
  %c = const {value = [[1, 2], [3]]} : () -> f32[2,2]
  return %c
}
