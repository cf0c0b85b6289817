// RUN: not thymosc %s 2>&1 | FileCheck %s
// A file must open with `module @name`; a graph first is an error.

// CHECK: missing-module.thy:[[@LINE+3]]:1: error: expected 'module @name' at the start of the file, found 'graph'
// CHECK-NEXT: {{^}}graph @f(%x: f32[4]) -> f32[4] {
// CHECK-NEXT: {{^}}^{{$}}
graph @f(%x: f32[4]) -> f32[4] {
  return %x
}
