// RUN: not thymosc %s 2>&1 | FileCheck --strict-whitespace %s
// The inner dimensions of the two operands of matmul disagree (4 vs 3).
module @m
graph @f(%x: f32[64,4], %w: f32[3,1]) -> f32[64,1] {
  // CHECK: [[@LINE+3]]:9: error: 'matmul' op inner dimensions differ (4 vs 3)
  // CHECK-NEXT: {{^}}  %xw = matmul %x, %w : (f32[64,4], f32[3,1]) -> f32[64,1]{{$}}
  // CHECK-NEXT: {{^}}        ^{{$}}
  %xw = matmul %x, %w : (f32[64,4], f32[3,1]) -> f32[64,1]
  return %xw
}
// CHECK-NOT: {{(error|note):}}
