// RUN: not thymosc %s 2>&1 | FileCheck --strict-whitespace %s
// An empty axes list reduces nothing and is rejected.
module @m
graph @f(%x: f32[64,4]) -> f32[64,4] {
  // CHECK: [[@LINE+1]]:8: error: 'mean' op axes must name at least one dimension
  %s = mean %x {axes = []} : (f32[64,4]) -> f32[64,4]
  return %s
}
// CHECK-NOT: {{(error|note):}}
