// RUN: not thymosc %s 2>&1 | FileCheck %s
// Two arguments with one name; the note points at the first.
module @m

// CHECK: [[@LINE+5]]:22: error: redefinition of value '%x'
// CHECK-NEXT: {{^}}graph @f(%x: f32[4], %x: f32[4]) -> f32[4] {
// CHECK-NEXT: {{^}}                     ^{{$}}
// CHECK: [[@LINE+2]]:10: note: previous definition is here
// CHECK-NEXT: {{^}}graph @f(%x: f32[4], %x: f32[4]) -> f32[4] {
graph @f(%x: f32[4], %x: f32[4]) -> f32[4] {
  return %x
}
