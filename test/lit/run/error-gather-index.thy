// A gather index outside the table is a run-time error, named by the run,
// the entry, the step's index within the entry and its op (here step 1 of
// @second, which is step 2 of the plan).
// RUN: thymosc %s -o %t.plan
// RUN: %python %S/Inputs/npy.py write %t.ids.npy i32 2 '9 * i'
// RUN: %python %S/Inputs/npy.py write %t.table.npy f32 4,8 'i'
// RUN: not thymos-run %t.plan --entry second --input ids=%t.ids.npy \
// RUN:   --input table=%t.table.npy 2>&1 | FileCheck %s
// CHECK: thymos-run: error: run 1: @second step 1 (gather): gather: index 9 at position 1 is out of range for axis 0 of size 4
module @two

graph @first(%x: f32[4]) -> f32[4] {
  %y = neg %x : (f32[4]) -> f32[4]
  return %y
}

graph @second(%ids: i32[2], %table: f32[4,8]) -> f32[2,8] {
  %t = neg %table : (f32[4,8]) -> f32[4,8]
  %rows = gather %t, %ids {axis = 0} : (f32[4,8], i32[2]) -> f32[2,8]
  return %rows
}
