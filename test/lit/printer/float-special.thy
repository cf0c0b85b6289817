// RUN: thymosc %s > %t.1 && thymosc %t.1 > %t.2 && diff %t.1 %t.2
// RUN: FileCheck %s < %t.1
// inf, -inf and nan print as words and read back as the same values.
module @m

// CHECK-LABEL: graph @f(
graph @f() -> f32[3] {
  // CHECK: %i = const {value = inf} : () -> f32[]
  %i = const {value = inf} : () -> f32[]
  // CHECK: %n = const {value = -inf} : () -> f32[]
  %n = const {value = -inf} : () -> f32[]
  // CHECK: %q = const {value = nan} : () -> f32[]
  %q = const {value = nan} : () -> f32[]
  // CHECK: %a = const {value = [inf, -inf, nan]} : () -> f32[3]
  %a = const {value = [inf, -inf, nan]} : () -> f32[3]
  return %a
}
