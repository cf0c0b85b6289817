// RUN: not thymosc %s 2>&1 | FileCheck %s
// The domain list is not closed before '->'.
module @m

graph @f(%x: f32[4]) -> f32[4] {
  // CHECK: [[@LINE+1]]:25: error: expected ')' to end the domain type list, found '->'
  %y = exp %x : (f32[4] -> f32[4]
  return %y
}
