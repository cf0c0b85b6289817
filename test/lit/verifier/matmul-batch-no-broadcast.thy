// RUN: not thymosc %s 2>&1 | FileCheck --strict-whitespace %s
// The batch dimensions of matmul operands do not broadcast (3 vs 2).
module @m
graph @f(%x: f32[3,2,4], %w: f32[2,4,5]) -> f32[3,2,5] {
  // CHECK: [[@LINE+3]]:8: error: 'matmul' op batch dimensions [3] and [2] do not broadcast
  // CHECK-NEXT: {{^}}  %y = matmul %x, %w : (f32[3,2,4], f32[2,4,5]) -> f32[3,2,5]{{$}}
  // CHECK-NEXT: {{^}}       ^{{$}}
  %y = matmul %x, %w : (f32[3,2,4], f32[2,4,5]) -> f32[3,2,5]
  return %y
}
// CHECK-NOT: {{(error|note):}}
