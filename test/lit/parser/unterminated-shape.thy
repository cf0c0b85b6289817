// RUN: not thymosc %s 2>&1 | FileCheck %s
// A shape missing its ']'.
module @m

// CHECK: [[@LINE+3]]:22: error: expected ']' to end the shape, found ')'
// CHECK-NEXT: {{^}}graph @f(%x: f32[4, 4) -> f32[4] {
// CHECK-NEXT: {{^}}                     ^{{$}}
graph @f(%x: f32[4, 4) -> f32[4] {
  return %x
}
