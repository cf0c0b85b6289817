// RUN: not thymosc %s 2>&1 | FileCheck %s
// `graph` needs a name before its argument list.
module @m

// CHECK: [[@LINE+3]]:7: error: expected the graph's name ('@name') after 'graph', found '('
// CHECK-NEXT: {{^}}graph (%x: f32[4]) -> f32[4] {
// CHECK-NEXT: {{^}}      ^{{$}}
graph (%x: f32[4]) -> f32[4] {
  return %x
}
