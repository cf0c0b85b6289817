// RUN: not thymosc %s 2>&1 | FileCheck --strict-whitespace %s
// The returned value's type differs from the declared result type.
module @m
graph @f(%x: f32[64,4], %w: f32[4,1]) -> (f32[64,1], f32[64]) {
  %y = matmul %x, %w : (f32[64,4], f32[4,1]) -> f32[64,1]
  // CHECK: [[@LINE+3]]:14: error: 'return' value #1 (%y) has type f32[64,1], but graph '@f' declares result type f32[64]
  // CHECK-NEXT: {{^}}  return %y, %y{{$}}
  // CHECK-NEXT: {{^}}             ^{{$}}
  return %y, %y
}
// CHECK-NOT: {{(error|note):}}
