// --time-passes prints one row per pass run and the total.
// RUN: thymosc %s --passes=verify,plan-memory --time-passes --emit=none 2>&1 | FileCheck %s
// CHECK: Pass execution timing report
// CHECK: Total: {{[0-9.]+}} ms
// CHECK: {{[0-9.]+ +[0-9.]+}}   verify
// CHECK-NEXT: {{[0-9.]+ +[0-9.]+}}   plan-memory
module @m
graph @f(%x: f32[2]) -> f32[2] {
  return %x
}
