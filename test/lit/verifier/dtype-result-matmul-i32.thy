// RUN: not thymosc %s 2>&1 | FileCheck --strict-whitespace %s
// The codomain's element type is checked against the result constraint.
module @m
graph @f(%a: f32[4,8], %b: f32[8,2]) -> i32[4,2] {
  // CHECK: [[@LINE+3]]:48: error: 'matmul' op result #0 must be a tensor of f64, f32, f16 or bf16 values, got i32[4,2]
  // CHECK-NEXT: {{^}}  %y = matmul %a, %b : (f32[4,8], f32[8,2]) -> i32[4,2]{{$}}
  // CHECK-NEXT: {{^}}                                               ^{{$}}
  %y = matmul %a, %b : (f32[4,8], f32[8,2]) -> i32[4,2]
  return %y
}
// CHECK-NOT: {{(error|note):}}
