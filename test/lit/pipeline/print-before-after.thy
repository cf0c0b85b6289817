// --print-before and --print-after dump the module around the named pass,
// on stderr, with a header naming the pass.
// RUN: thymosc %s --passes=verify,plan-memory --print-before=verify --print-after=plan-memory --emit=none 2>&1 | FileCheck %s
// CHECK: // -----// IR Dump Before verify //----- //
// CHECK-NEXT: module @m
// CHECK: // -----// IR Dump After plan-memory //----- //
// CHECK-NEXT: module @m
// CHECK-NOT: IR Dump
module @m
graph @f(%x: f32[2]) -> f32[2] {
  %y = neg %x : (f32[2]) -> f32[2]
  return %y
}
