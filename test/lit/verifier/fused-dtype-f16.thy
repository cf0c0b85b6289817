// RUN: not thymosc %s 2>&1 | FileCheck --strict-whitespace %s
// 'fused' computes in f32 or f64 only, as its kernel does; the operand and the
// result are both reported.
module @m
graph @f(%x: f16[4]) -> f16[4] {
  // CHECK: [[@LINE+6]]:43: error: 'fused' op operand #0 must be a tensor of f64 or f32 values, got f16[4]
  // CHECK-NEXT: {{^}}  %y = fused %x {program = [9, 0, -1]} : (f16[4]) -> f16[4]{{$}}
  // CHECK-NEXT: {{^}}                                          ^{{$}}
  // CHECK: [[@LINE+3]]:54: error: 'fused' op result #0 must be a tensor of f64 or f32 values, got f16[4]
  // CHECK-NEXT: {{^}}  %y = fused %x {program = [9, 0, -1]} : (f16[4]) -> f16[4]{{$}}
  // CHECK-NEXT: {{^}}                                                     ^{{$}}
  %y = fused %x {program = [9, 0, -1]} : (f16[4]) -> f16[4]
  return %y
}
// CHECK-NOT: {{(error|note):}}
