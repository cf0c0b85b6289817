// RUN: not thymosc %s 2>&1 | FileCheck --strict-whitespace %s
// An op's domain holds an invalid type; the verifier reports it there and skips the type rule.
module @m
graph @f(%x: f32[4]) -> f32[4] {
  // CHECK: [[@LINE+1]]:18: error: 'neg' op operand #0 has invalid type f32[0]: dimension 0 is 0, but dimensions must be positive
  %y = neg %x : (f32[0]) -> f32[4]
  return %y
}
// CHECK-NOT: {{(error|note):}}
