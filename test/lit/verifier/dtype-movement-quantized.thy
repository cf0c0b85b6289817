// RUN: not thymosc %s 2>&1 | FileCheck --strict-whitespace %s
// The movement kernels copy whole elements of the plain types only, so
// transpose, reshape and slice do not take block-quantized tensors (gather
// and cast do); each operand and result is reported.
module @m
graph @f(%w: q8_0[4,64], %v: q4_0[2,32]) -> q8_0[4,32] {
  // CHECK: [[@LINE+2]]:40: error: 'transpose' op operand #0 must be a tensor of f64, f32, f16, bf16, i32 or i8 values, got q4_0[2,32]
  // CHECK: [[@LINE+1]]:55: error: 'transpose' op result #0 must be a tensor of f64, f32, f16, bf16, i32 or i8 values, got q4_0[2,32]
  %t = transpose %v {perm = [0, 1]} : (q4_0[2,32]) -> q4_0[2,32]
  // CHECK: [[@LINE+2]]:22: error: 'reshape' op operand #0 must be a tensor of f64, f32, f16, bf16, i32 or i8 values, got q8_0[4,64]
  // CHECK: [[@LINE+1]]:37: error: 'reshape' op result #0 must be a tensor of f64, f32, f16, bf16, i32 or i8 values, got q8_0[8,32]
  %r = reshape %w : (q8_0[4,64]) -> q8_0[8,32]
  // CHECK: [[@LINE+5]]:54: error: 'slice' op operand #0 must be a tensor of f64, f32, f16, bf16, i32 or i8 values, got q8_0[4,64]
  // CHECK-NEXT: {{^}}  %s = slice %w {starts = [0, 0], ends = [4, 32]} : (q8_0[4,64]) -> q8_0[4,32]{{$}}
  // CHECK-NEXT: {{^}}                                                     ^{{$}}
  // CHECK: [[@LINE+2]]:69: error: 'slice' op result #0 must be a tensor of f64, f32, f16, bf16, i32 or i8 values, got q8_0[4,32]
  // CHECK-NEXT: {{^}}  %s = slice %w {starts = [0, 0], ends = [4, 32]} : (q8_0[4,64]) -> q8_0[4,32]{{$}}
  %s = slice %w {starts = [0, 0], ends = [4, 32]} : (q8_0[4,64]) -> q8_0[4,32]
  return %s
}
// CHECK-NOT: {{(error|note):}}
