// RUN: not thymosc %s 2>&1 | FileCheck %s --implicit-check-not=error:
// A graph left open when the next one starts: the error names the open graph,
// and the next graph still parses.
module @m

graph @f(%x: f32[4]) -> f32[4] {
  return %x
// CHECK: [[@LINE+2]]:1: error: expected '}' to close graph '@f', found 'graph'
// CHECK-NEXT: {{^}}graph @g(%x: f32[4]) -> f32[4] {
graph @g(%x: f32[4]) -> f32[4] {
  return %x
}
