// RUN: not thymosc %s 2>&1 | FileCheck --strict-whitespace %s
// The domain lists fewer types than the op has operands.
module @m
graph @f(%x: f32[4], %y: f32[4]) -> f32[4] {
  // CHECK: [[@LINE+3]]:8: error: 'sub' op has 2 operands, but its domain lists 1 type
  // CHECK-NEXT: {{^}}  %d = sub %x, %y : (f32[4]) -> f32[4]{{$}}
  // CHECK-NEXT: {{^}}       ^{{$}}
  %d = sub %x, %y : (f32[4]) -> f32[4]
  return %d
}
// CHECK-NOT: {{(error|note):}}
