// RUN: not thymosc %s 2>&1 | FileCheck --strict-whitespace %s
// Without keepdims the reduced dimensions are removed; the codomain keeps them.
module @m
graph @f(%x: i32[2,3,4]) -> i32[2,1,1] {
  // CHECK: [[@LINE+1]]:49: error: 'sum' op codomain is i32[2,1,1], but the domain (i32[2,3,4]) gives i32[2]
  %s = sum %x {axes = [1, 2]} : (i32[2,3,4]) -> i32[2,1,1]
  return %s
}
// CHECK-NOT: {{(error|note):}}
