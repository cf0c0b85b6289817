// RUN: not thymosc %s 2>&1 | FileCheck --strict-whitespace %s
// The codomain of concat joins along the wrong axis.
module @m
graph @f(%a: i32[4,2], %b: i32[4,2]) -> i32[4,4] {
  // CHECK: [[@LINE+1]]:59: error: 'concat' op codomain is i32[4,4], but the domain (i32[4,2], i32[4,2]) gives i32[8,2]
  %c = concat %a, %b {axis = 0} : (i32[4,2], i32[4,2]) -> i32[4,4]
  return %c
}
// CHECK-NOT: {{(error|note):}}
