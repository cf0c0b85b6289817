// A syntax error exits 1, prints no module, and stops before verification.
// RUN: not thymosc %s --time-phases > %t.out 2> %t.err
// RUN: FileCheck %s < %t.err
// RUN: FileCheck %s --check-prefix=OUT --allow-empty < %t.out
// CHECK: parse-error-exit.thy:[[@LINE+5]]:8: error: unknown op
// CHECK-NOT: verify:
// OUT-NOT: {{.}}
module @m
graph @f(%x: f32[4]) -> f32[4] {
  %y = exq %x : (f32[4]) -> f32[4]
  return %y
}
