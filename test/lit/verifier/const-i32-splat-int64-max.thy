// RUN: not thymosc %s 2>&1 | FileCheck --strict-whitespace %s
// The largest 64-bit integer does not fit in i32, and is printed exactly.
module @m
graph @f() -> i32[2] {
  // CHECK: [[@LINE+1]]:8: error: 'const' op value 9223372036854775807 does not fit in i32
  %c = const {value = 9223372036854775807} : () -> i32[2]
  return %c
}
// CHECK-NOT: {{(error|note):}}
