// RUN: not thymosc %s 2>&1 | FileCheck --strict-whitespace %s
// The variadic 'concat' needs at least one input.
module @m
graph @f(%x: f32[4]) -> f32[4] {
  // CHECK: [[@LINE+3]]:8: error: 'concat' op expects at least 1 operand, but 0 were given
  // CHECK-NEXT: {{^}}  %c = concat {axis = 0} : () -> f32[4]{{$}}
  // CHECK-NEXT: {{^}}       ^{{$}}
  %c = concat {axis = 0} : () -> f32[4]
  return %c
}
// CHECK-NOT: {{(error|note):}}
