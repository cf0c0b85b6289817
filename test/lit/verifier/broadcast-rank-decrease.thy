// RUN: not thymosc %s 2>&1 | FileCheck --strict-whitespace %s
// broadcast cannot drop dimensions, even ones of size 1.
module @m
graph @f(%b: f32[1,4]) -> f32[4] {
  // CHECK: [[@LINE+1]]:8: error: 'broadcast' op f32[1,4] does not broadcast to shape [4]
  %y = broadcast %b : (f32[1,4]) -> f32[4]
  return %y
}
// CHECK-NOT: {{(error|note):}}
