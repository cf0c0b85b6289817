// RUN: not thymosc %s 2>&1 | FileCheck --strict-whitespace %s
// 'exp' accepts f64 and f32 tensors only; the operand and the result are both reported.
module @m
graph @f(%x: i32[4]) -> i32[4] {
  // CHECK: [[@LINE+4]]:18: error: 'exp' op operand #0 must be a tensor of f64 or f32 values, got i32[4]
  // CHECK-NEXT: {{^}}  %y = exp %x : (i32[4]) -> i32[4]{{$}}
  // CHECK-NEXT: {{^}}                 ^{{$}}
  // CHECK: [[@LINE+1]]:29: error: 'exp' op result #0 must be a tensor of f64 or f32 values, got i32[4]
  %y = exp %x : (i32[4]) -> i32[4]
  return %y
}
// CHECK-NOT: {{(error|note):}}
