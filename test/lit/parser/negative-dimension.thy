// RUN: not thymosc %s 2>&1 | FileCheck %s
// Dimensions are non-negative; `-4` is reported where it stands.
module @m

// CHECK: [[@LINE+3]]:18: error: expected a dimension size (a non-negative integer below 2^63), found '-4'
// CHECK-NEXT: {{^}}graph @f(%x: f32[-4]) -> f32[4] {
// CHECK-NEXT: {{^}}                 ^{{$}}
graph @f(%x: f32[-4]) -> f32[4] {
  return %x
}
