// A negative rope position is a run-time error, named by the step and its op;
// positions are data, so the compiler cannot refuse them.
// RUN: thymosc %s -o %t.plan
// RUN: %python %S/Inputs/npy.py write %t.pos.npy i32 3 '2 - 2 * i'
// RUN: %python %S/Inputs/npy.py write %t.x.npy f32 3,2,4 'i'
// RUN: not thymos-run %t.plan --input x=%t.x.npy --input pos=%t.pos.npy 2>&1 | FileCheck %s
// CHECK: thymos-run: error: run 1: @f step 0 (rope): rope: position -2 of token 2 is negative
module @m

graph @f(%x: f32[3,2,4], %pos: i32[3]) -> f32[3,2,4] {
  %y = rope %x, %pos {rotary_dims = 4} : (f32[3,2,4], i32[3]) -> f32[3,2,4]
  return %y
}
