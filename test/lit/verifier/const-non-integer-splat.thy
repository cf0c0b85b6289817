// RUN: not thymosc %s 2>&1 | FileCheck --strict-whitespace %s
// An i8 constant is given a fractional splat value.
module @m
graph @f() -> i8[4] {
  // CHECK: [[@LINE+1]]:8: error: 'const' op value 0.25 is not an integer, but the codomain's element type is i8
  %c = const {value = 0.25} : () -> i8[4]
  return %c
}
// CHECK-NOT: {{(error|note):}}
