// A KV cache in module state, written in place at a position kept in state
// too: each run writes its row at the position the previous runs left, so
// --repeat fills rows 0, 1, 2, and a run that starts from --state-in goes on
// from there. Row n holds x + n; rows not written stay as they were. A
// position past the cache stops the run that reaches it.
// RUN: thymosc %s -o %t.plan
// RUN: %python %S/../run/Inputs/npy.py write %t.x.npy f32 1,2,4 '10 * i'
// RUN: thymos-run %t.plan --input x=%t.x.npy --repeat 3 --state-out k=%t.k.npy \
// RUN:   --state-out n=%t.n.npy | FileCheck %s --check-prefix=THREE
// RUN: %python %S/../run/Inputs/npy.py read %t.n.npy | FileCheck %s --check-prefix=N
// RUN: %python %S/../run/Inputs/npy.py write %t.six.npy i32 '' '6'
// RUN: thymos-run %t.plan --input x=%t.x.npy --repeat 2 --state-in k=%t.k.npy \
// RUN:   --state-in n=%t.six.npy | FileCheck %s --check-prefix=EIGHT
// RUN: not thymos-run %t.plan --input x=%t.x.npy --repeat 3 --state-in n=%t.six.npy 2>&1 \
// RUN:   | FileCheck %s --check-prefix=PAST
// RUN: %python %S/../run/Inputs/npy.py write %t.minus.npy i32 '' '-1'
// RUN: not thymos-run %t.plan --input x=%t.x.npy --state-in n=%t.minus.npy 2>&1 \
// RUN:   | FileCheck %s --check-prefix=NEGATIVE
// THREE:      %k: f32[8,2,4] = {{\[\[\[}}0, 10, 20, 30],
// THREE-NEXT:   [40, 50, 60, 70]],
// THREE-NEXT:  {{\[\[}}1, 11, 21, 31],
// THREE-NEXT:   [41, 51, 61, 71]],
// THREE-NEXT:  {{\[\[}}2, 12, 22, 32],
// THREE-NEXT:   [42, 52, 62, 72]],
// THREE-NEXT:  {{\[\[}}0, 0, 0, 0],
// THREE-NEXT:   [0, 0, 0, 0]],
// THREE-NEXT:  {{\[\[}}0, 0, 0, 0],
// THREE-NEXT:   [0, 0, 0, 0]],
// THREE-NEXT:  {{\[\[}}0, 0, 0, 0],
// THREE-NEXT:   [0, 0, 0, 0]],
// THREE-NEXT:  {{\[\[}}0, 0, 0, 0],
// THREE-NEXT:   [0, 0, 0, 0]],
// THREE-NEXT:  {{\[\[}}0, 0, 0, 0],
// THREE-NEXT:   [0, 0, 0, 0]]]
// N: i32[]
// N-NEXT: 3
// EIGHT:      %k: f32[8,2,4] = {{\[\[\[}}0, 10, 20, 30],
// EIGHT-NEXT:   [40, 50, 60, 70]],
// EIGHT-NEXT:  {{\[\[}}1, 11, 21, 31],
// EIGHT-NEXT:   [41, 51, 61, 71]],
// EIGHT-NEXT:  {{\[\[}}2, 12, 22, 32],
// EIGHT-NEXT:   [42, 52, 62, 72]],
// EIGHT-NEXT:  {{\[\[}}0, 0, 0, 0],
// EIGHT-NEXT:   [0, 0, 0, 0]],
// EIGHT-NEXT:  {{\[\[}}0, 0, 0, 0],
// EIGHT-NEXT:   [0, 0, 0, 0]],
// EIGHT-NEXT:  {{\[\[}}0, 0, 0, 0],
// EIGHT-NEXT:   [0, 0, 0, 0]],
// EIGHT-NEXT:  {{\[\[}}6, 16, 26, 36],
// EIGHT-NEXT:   [46, 56, 66, 76]],
// EIGHT-NEXT:  {{\[\[}}7, 17, 27, 37],
// EIGHT-NEXT:   [47, 57, 67, 77]]]
// PAST: thymos-run: error: run 3: @step step 2 (cache_write): cache_write: rows 8 .. 8 lie outside the cache's 8 rows (positions 0 .. 7)
// NEGATIVE: thymos-run: error: run 1: @step step 2 (cache_write): cache_write: rows -1 .. -1 lie outside the cache's 8 rows (positions 0 .. 7)
module @kv

state @k : f32[8,2,4]
state @n : i32[]

graph @step(%x: f32[1,2,4]) -> f32[8,2,4] state(%k = @k, %n = @n) {
  %nf = cast %n : (i32[]) -> f32[]
  %rows = add %x, %nf : (f32[1,2,4], f32[]) -> f32[1,2,4]
  %k2 = cache_write %k, %rows, %n : (f32[8,2,4], f32[1,2,4], i32[]) -> f32[8,2,4]
  %one = const {value = 1} : () -> i32[]
  %next = add %n, %one : (i32[], i32[]) -> i32[]
  update @k = %k2
  update @n = %next
  return %k2
}
