// RUN: not thymosc %s 2>&1 | FileCheck --strict-whitespace %s
// An i8 splat below -128.
module @m
graph @f() -> i8[4] {
  // CHECK: [[@LINE+1]]:8: error: 'const' op value -129 does not fit in i8
  %c = const {value = -129} : () -> i8[4]
  return %c
}
// CHECK-NOT: {{(error|note):}}
