// RUN: thymosc %s > %t.1 && thymosc %t.1 > %t.2 && diff %t.1 %t.2
// RUN: FileCheck %s < %t.1
// Integer attributes keep all 64 bits; array integers up to 2^53 stay exact.
module @m

// CHECK-LABEL: graph @f(
graph @f() -> f64[2] {
  // CHECK: %a = const {value = -9223372036854775808} : () -> f64[]
  %a = const {value = -9223372036854775808} : () -> f64[]
  // CHECK: %b = const {value = 9223372036854775807} : () -> f64[]
  %b = const {value = 9223372036854775807} : () -> f64[]
  // CHECK: %c = const {value = [-9007199254740992, 9007199254740992]} : () -> f64[2]
  %c = const {value = [-9007199254740992, 9007199254740992]} : () -> f64[2]
  return %c
}
