// RUN: not thymosc %s 2>&1 | FileCheck --strict-whitespace %s
// An element of an i8 constant is above 127.
module @m
graph @f() -> i8[2,2] {
  // CHECK: [[@LINE+1]]:8: error: 'const' op value 128 does not fit in i8
  %c = const {value = [[1, -128], [127, 128]]} : () -> i8[2,2]
  return %c
}
// CHECK-NOT: {{(error|note):}}
