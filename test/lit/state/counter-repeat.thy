// State persists across the runs of one thymos-run: ten increments from the
// zero-initialised state give 10, and the returned value is the count the
// last run started from.
// RUN: thymosc %s -o %t.plan
// RUN: thymos-run %t.plan --repeat 10 --state-out count=%t.csv | FileCheck %s
// RUN: FileCheck %s --check-prefix=SAVED < %t.csv
// CHECK: %c: f32[] = 9
// SAVED: 10
module @counter

state @count : f32[]

graph @step() -> f32[] state(%c = @count) {
  %one = const {value = 1.0} : () -> f32[]
  %next = add %c, %one : (f32[], f32[]) -> f32[]
  update @count = %next
  return %c
}
