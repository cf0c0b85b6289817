// --repeat N runs the entry N times and state carries over: a counter that
// adds 2.5 per run reads 2.5·N. --repeat 0 is refused. --state-out saves the
// state after the runs.
// RUN: thymosc %s -o %t.plan
// RUN: printf '2.5\n' > %t.inc.csv
// RUN: thymos-run %t.plan --input inc=%t.inc.csv | FileCheck %s --check-prefix=ONE
// RUN: thymos-run %t.plan --input inc=%t.inc.csv --repeat 3 | FileCheck %s --check-prefix=THREE
// RUN: not thymos-run %t.plan --input inc=%t.inc.csv --repeat 0 2>&1 \
// RUN:   | FileCheck %s --check-prefix=ZERO --match-full-lines
// RUN: thymos-run %t.plan --input inc=%t.inc.csv --repeat 4 --state-out n=%t.n.npy
// RUN: %python %S/Inputs/npy.py read %t.n.npy | FileCheck %s --check-prefix=STATE
// ONE: %m: f32[1] = [2.5]
// THREE: %m: f32[1] = [7.5]
// ZERO: thymos-run: error: --repeat must be at least 1
// ZERO-NOT: {{.}}
// STATE: f32[1]
// STATE-NEXT: 10.0
module @counter

state @n : f32[1]

graph @step(%inc: f32[1]) -> f32[1] state(%n = @n) {
  %m = add %n, %inc : (f32[1], f32[1]) -> f32[1]
  update @n = %m
  return %m
}
