// RUN: not thymosc %s 2>&1 | FileCheck --strict-whitespace %s
// A graph argument has a zero-sized dimension.
module @m
// CHECK: [[@LINE+3]]:10: error: argument %x has invalid type f32[4,0]: dimension 1 is 0, but dimensions must be positive
// CHECK-NEXT: {{^}}graph @f(%x: f32[4,0], %y: f32[4]) -> f32[4] {{[{]}}{{$}}
// CHECK-NEXT: {{^}}         ^{{$}}
graph @f(%x: f32[4,0], %y: f32[4]) -> f32[4] {
  return %y
}
// CHECK-NOT: {{(error|note):}}
