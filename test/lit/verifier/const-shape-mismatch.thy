// RUN: not thymosc %s 2>&1 | FileCheck --strict-whitespace %s
// The literal's shape differs from the codomain's.
module @m
graph @f() -> f32[3,1] {
  // CHECK: [[@LINE+1]]:8: error: 'const' op value has shape [2,1] but the codomain f32[3,1] has shape [3,1]
  %w = const {value = [[0.5], [-1.0]]} : () -> f32[3,1]
  return %w
}
// CHECK-NOT: {{(error|note):}}
