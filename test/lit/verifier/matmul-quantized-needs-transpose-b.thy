// RUN: not thymosc %s 2>&1 | FileCheck --strict-whitespace %s
// A q4_0 weight is stored as rows of blocks, so transpose_b must be set.
module @m
graph @f(%x: f32[1,64], %w: q4_0[256,64]) -> f32[1,256] {
  // CHECK: [[@LINE+3]]:8: error: 'matmul' op a q4_0 rhs is stored as [n, k] rows of blocks: set transpose_b = true
  // CHECK-NEXT: {{^}}  %h = matmul %x, %w : (f32[1,64], q4_0[256,64]) -> f32[1,256]{{$}}
  // CHECK-NEXT: {{^}}       ^{{$}}
  %h = matmul %x, %w : (f32[1,64], q4_0[256,64]) -> f32[1,256]
  return %h
}
// CHECK-NOT: {{(error|note):}}
