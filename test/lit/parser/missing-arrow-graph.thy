// RUN: not thymosc %s 2>&1 | FileCheck %s
// A graph's result types follow '->'.
module @m

// CHECK: [[@LINE+3]]:22: error: expected '->' and the graph's result types, found 'f32'
// CHECK-NEXT: {{^}}graph @f(%x: f32[4]) f32[4] {
// CHECK-NEXT: {{^}}                     ^{{$}}
graph @f(%x: f32[4]) f32[4] {
  return %x
}
