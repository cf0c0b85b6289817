// RUN: not thymosc %s 2>&1 | FileCheck %s
// 2^63 does not fit in a 64-bit integer attribute.
module @m

graph @f() -> i32[] {
  // CHECK: [[@LINE+3]]:23: error: integer literal '9223372036854775808' does not fit in 64 bits
  // CHECK-NEXT: {{^}}  %c = const {value = 9223372036854775808} : () -> i32[]{{$}}
  // CHECK-NEXT: {{^}}                      ^{{$}}
  %c = const {value = 9223372036854775808} : () -> i32[]
  return %c
}
