// RUN: not thymosc %s 2>&1 | FileCheck %s
// An element type that does not exist; the message lists the ones that do.
module @m

// CHECK: [[@LINE+3]]:14: error: expected a tensor type such as 'f32[4,8]' (element type f64, f32, f16, bf16, i32, i8, q8_0, q4_0, q4_k, q5_k or q6_k), found 'f33'
// CHECK-NEXT: {{^}}graph @f(%x: f33[4]) -> f32[4] {
// CHECK-NEXT: {{^}}             ^{{$}}
graph @f(%x: f33[4]) -> f32[4] {
  return %x
}
