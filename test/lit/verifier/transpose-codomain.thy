// RUN: not thymosc %s 2>&1 | FileCheck --strict-whitespace %s
// The codomain of transpose does not follow perm.
module @m
graph @f(%x: i8[2,3,4]) -> i8[4,3,2] {
  // CHECK: [[@LINE+1]]:57: error: 'transpose' op codomain is i8[4,3,2], but the domain (i8[2,3,4]) gives i8[3,4,2]
  %t = transpose %x {perm = [1, 2, 0]} : (i8[2,3,4]) -> i8[4,3,2]
  return %t
}
// CHECK-NOT: {{(error|note):}}
