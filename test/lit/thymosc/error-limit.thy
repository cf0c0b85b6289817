// Errors past --error-limit are counted but not printed; one line says so.
// RUN: not thymosc %s --error-limit=2 2>&1 | FileCheck %s
// CHECK: error-limit.thy:13:29: error:
// CHECK: error-limit.thy:14:29: error:
// CHECK-NOT: error-limit.thy:15
// CHECK: error: too many errors emitted, stopping now (the limit is 2; --error-limit=0 prints all)
// CHECK-NOT: error
// RUN: not thymosc %s --error-limit=0 2>&1 | FileCheck %s --check-prefix=ALL
// ALL: error-limit.thy:15:29: error:
// ALL-NOT: too many errors
module @m
graph @f(%x: f32[4]) -> f32[4] {
  %a = neg %x : (f32[4]) -> f32[5]
  %b = neg %x : (f32[4]) -> f32[5]
  %c = neg %x : (f32[4]) -> f32[5]
  return %x
}
