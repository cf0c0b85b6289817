// When the old cache is returned too, cache_write is not done in place: the
// value returned is the cache the run started from, the state afterwards
// holds the new row. Two runs: the second returns what the first wrote.
// RUN: thymosc %s -o %t.plan
// RUN: %python %S/../run/Inputs/npy.py write %t.k.npy f32 1,2 '5 + i'
// RUN: %python %S/../run/Inputs/npy.py write %t.pos.npy i32 '' '1'
// RUN: thymos-run %t.plan --input k=%t.k.npy --input pos=%t.pos.npy \
// RUN:   | FileCheck %s --check-prefix=ONE
// RUN: thymos-run %t.plan --input k=%t.k.npy --input pos=%t.pos.npy --repeat 2 \
// RUN:   --state-out kc=%t.kc.csv | FileCheck %s --check-prefix=TWO
// RUN: FileCheck %s --check-prefix=STATE < %t.kc.csv
// ONE: %kc: f32[4,2] = {{\[}}[0, 0],
// ONE-NEXT: [0, 0],
// TWO: %kc: f32[4,2] = {{\[}}[0, 0],
// TWO-NEXT: [5, 6],
// STATE: 0,0
// STATE-NEXT: 5,6
// STATE-NEXT: 0,0
// STATE-NEXT: 0,0
module @kv

state @kc : f32[4,2]

graph @step(%k: f32[1,2], %pos: i32[]) -> f32[4,2] state(%kc = @kc) {
  %kc2 = cache_write %kc, %k, %pos : (f32[4,2], f32[1,2], i32[]) -> f32[4,2]
  update @kc = %kc2
  return %kc
}
