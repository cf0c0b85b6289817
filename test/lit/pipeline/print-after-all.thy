// --print-after-all dumps the module after each pass, in pipeline order.
// RUN: thymosc %s --passes=verify,plan-memory,verify --print-after-all --emit=none 2>&1 | FileCheck %s
// CHECK: IR Dump After verify
// CHECK: IR Dump After plan-memory
// CHECK: IR Dump After verify
// CHECK-NOT: IR Dump
module @m
graph @f(%x: f32[2]) -> f32[2] {
  return %x
}
