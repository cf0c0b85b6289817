// RUN: not thymosc %s 2>&1 | FileCheck --strict-whitespace %s
// An i32 constant holds a non-integer.
module @m
graph @f() -> i32[3] {
  // CHECK: [[@LINE+3]]:8: error: 'const' op value holds non-integers, but the codomain's element type is i32
  // CHECK-NEXT: {{^}}  %c = const {value = [1, 2.5, 3]} : () -> i32[3]{{$}}
  // CHECK-NEXT: {{^}}       ^{{$}}
  %c = const {value = [1, 2.5, 3]} : () -> i32[3]
  return %c
}
// CHECK-NOT: {{(error|note):}}
