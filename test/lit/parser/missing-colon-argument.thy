// RUN: not thymosc %s 2>&1 | FileCheck %s
// An argument name and its type are separated by ':'.
module @m

// CHECK: [[@LINE+3]]:13: error: expected ':' after the argument name, found 'f32'
// CHECK-NEXT: {{^}}graph @f(%x f32[4]) -> f32[4] {
// CHECK-NEXT: {{^}}            ^{{$}}
graph @f(%x f32[4]) -> f32[4] {
  return %x
}
