// RUN: not thymosc %s 2>&1 | FileCheck --strict-whitespace %s
// A graph argument has rank 9, above the maximum of 8.
module @m
// CHECK: [[@LINE+1]]:22: error: argument %x has invalid type f32[1,1,1,1,1,1,1,1,2]: rank 9 exceeds the maximum rank 8
graph @f(%a: f32[2], %x: f32[1,1,1,1,1,1,1,1,2]) -> f32[2] {
  return %a
}
// CHECK-NOT: {{(error|note):}}
