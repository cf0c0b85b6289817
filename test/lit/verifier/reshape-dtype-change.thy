// RUN: not thymosc %s 2>&1 | FileCheck --strict-whitespace %s
// reshape cannot change the element type; that is cast's job.
module @m
graph @f(%x: f32[64,4]) -> f16[256] {
  // CHECK: [[@LINE+1]]:8: error: 'reshape' op cannot change the element type (f32 to f16); use 'cast'
  %r = reshape %x : (f32[64,4]) -> f16[256]
  return %r
}
// CHECK-NOT: {{(error|note):}}
