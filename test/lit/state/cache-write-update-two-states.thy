// A cache_write written in place into its state may also be the update of
// another state: that update still copies it (from the state it was written
// into), only the update of its own state is dropped.
// RUN: thymosc %s --emit=plan-text | FileCheck %s --check-prefix=PLAN
// RUN: thymosc %s -o %t.plan
// RUN: %python %S/../run/Inputs/npy.py write %t.rows.npy f32 1,2 '5 + i'
// RUN: %python %S/../run/Inputs/npy.py write %t.pos.npy i32 '' '2'
// RUN: thymos-run %t.plan --input rows=%t.rows.npy --input pos=%t.pos.npy \
// RUN:   --state-out kc=%t.kc.npy --state-out copy=%t.copy.npy
// RUN: %python %S/../run/Inputs/npy.py read %t.kc.npy | FileCheck %s --check-prefix=STATE
// RUN: %python %S/../run/Inputs/npy.py read %t.copy.npy | FileCheck %s --check-prefix=STATE
// PLAN: t0 %kc f32[4,2] state @0 32 bytes
// PLAN-NEXT: t1 %copy f32[4,2] state @{{[0-9]+}} 32 bytes
// PLAN: 0: t0 = cache_write(t0, t{{[0-9]+}}, t{{[0-9]+}})
// PLAN-NEXT: outputs:
// PLAN-NEXT: update: t1 <- t0
// PLAN-NOT: update:
// STATE: f32[4,2]
// STATE-NEXT: 0.0
// STATE-NEXT: 0.0
// STATE-NEXT: 0.0
// STATE-NEXT: 0.0
// STATE-NEXT: 5.0
// STATE-NEXT: 6.0
// STATE-NEXT: 0.0
// STATE-NEXT: 0.0
module @m

state @kc : f32[4,2]
state @copy : f32[4,2]

graph @step(%rows: f32[1,2], %pos: i32[]) -> () state(%kc = @kc) {
  %kc2 = cache_write %kc, %rows, %pos : (f32[4,2], f32[1,2], i32[]) -> f32[4,2]
  update @kc = %kc2
  update @copy = %kc2
  return
}
