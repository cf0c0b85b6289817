// Updates take effect after the run, all at once: two states swap, and the
// returned state reads show the values the run started from.
// RUN: thymosc %s -o %t.plan
// RUN: thymos-run %t.plan --entry init --state-out a=%t.a.npy --state-out b=%t.b.npy > /dev/null
// RUN: thymos-run %t.plan --entry swap --state-in a=%t.a.npy --state-in b=%t.b.npy \
// RUN:   --state-out a=%t.a2.npy --state-out b=%t.b2.npy | FileCheck %s --check-prefix=FIRST
// RUN: thymos-run %t.plan --entry swap --state-in a=%t.a2.npy --state-in b=%t.b2.npy \
// RUN:   | FileCheck %s --check-prefix=SECOND
// FIRST: %a: f32[2] = [1, 2]
// FIRST-NEXT: %b: f32[2] = [3, 4]
// SECOND: %a: f32[2] = [3, 4]
// SECOND-NEXT: %b: f32[2] = [1, 2]
module @swap

state @a : f32[2]
state @b : f32[2]

graph @swap() -> (f32[2], f32[2]) state(%a = @a, %b = @b) {
  update @a = %b
  update @b = %a
  return %a, %b
}

graph @init() -> f32[2] {
  %one = const {value = [1.0, 2.0]} : () -> f32[2]
  %two = const {value = [3.0, 4.0]} : () -> f32[2]
  update @a = %one
  update @b = %two
  return %one
}
