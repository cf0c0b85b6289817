// RUN: not thymosc %s 2>&1 | FileCheck --strict-whitespace %s
// The target may not shrink a dimension to 1 (NumPy broadcasting is one-way).
module @m
graph @f(%b: i32[4,8]) -> i32[4,1] {
  // CHECK: [[@LINE+1]]:8: error: 'broadcast' op i32[4,8] does not broadcast to shape [4,1]
  %y = broadcast %b : (i32[4,8]) -> i32[4,1]
  return %y
}
// CHECK-NOT: {{(error|note):}}
