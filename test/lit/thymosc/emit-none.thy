// --emit=none checks the module, prints nothing and exits 0.
// RUN: thymosc %s --emit=none > %t.out 2>&1
// RUN: FileCheck %s --allow-empty < %t.out
// CHECK-NOT: {{.}}
module @m
graph @f(%x: f32[4]) -> f32[4] {
  %y = exp %x : (f32[4]) -> f32[4]
  return %y
}
