// --time-phases reports the phases even when verification fails.
// RUN: not thymosc %s --time-phases --emit=none 2>&1 | FileCheck %s
// CHECK: error: 'exp' op
// CHECK: {{^}}parse:
// CHECK-NEXT: {{^}}verify:
module @m
graph @f(%x: f32[4]) -> f32[4] {
  %y = exp %x : (f32[4]) -> f32[5]
  return %y
}
