// attention's queries must sit inside the cache: two queries at position 7
// of an 8-row cache would need row 8. Positions are data, so this is a
// run-time error, named by the step and its op.
// RUN: thymosc %s -o %t.plan
// RUN: %python %S/Inputs/npy.py write %t.q.npy f32 2,4,2 'i'
// RUN: %python %S/Inputs/npy.py write %t.kv.npy f32 8,2,2 'i'
// RUN: %python %S/Inputs/npy.py write %t.pos.npy i32 '' '7'
// RUN: not thymos-run %t.plan --input q=%t.q.npy --input kv=%t.kv.npy --input pos=%t.pos.npy 2>&1 \
// RUN:   | FileCheck %s
// RUN: %python %S/Inputs/npy.py write %t.six.npy i32 '' '6'
// RUN: thymos-run %t.plan --input q=%t.q.npy --input kv=%t.kv.npy --input pos=%t.six.npy \
// RUN:   | FileCheck %s --check-prefix=FITS
// CHECK: thymos-run: error: run 1: @f step 0 (attention): attention: rows 7 .. 8 lie outside the cache's 8 rows (positions 0 .. 7)
// FITS: %a: f32[2,4,2] =
module @m

graph @f(%q: f32[2,4,2], %kv: f32[8,2,2], %pos: i32[]) -> f32[2,4,2] {
  %a = attention %q, %kv, %kv, %pos {scale = 0.7} : (f32[2,4,2], f32[8,2,2], f32[8,2,2], i32[]) -> f32[2,4,2]
  return %a
}
