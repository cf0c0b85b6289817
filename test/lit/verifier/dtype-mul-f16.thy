// RUN: rm -f %t.plan
// RUN: not thymosc %s -o %t.plan 2>&1 | FileCheck --strict-whitespace %s
// RUN: not test -e %t.plan
// No CPU kernel multiplies f16, so 'mul' does not declare it: the verifier
// reports each operand and the result at its type, before any lowering.
module @m

graph @f(%a: f16[2], %b: f16[2]) -> f16[2] {
  // CHECK: [[@LINE+9]]:22: error: 'mul' op operand #0 must be a tensor of f64, f32 or i32 values, got f16[2]
  // CHECK-NEXT: {{^}}  %p = mul %a, %b : (f16[2], f16[2]) -> f16[2]{{$}}
  // CHECK-NEXT: {{^}}                     ^{{$}}
  // CHECK: [[@LINE+6]]:30: error: 'mul' op operand #1 must be a tensor of f64, f32 or i32 values, got f16[2]
  // CHECK-NEXT: {{^}}  %p = mul %a, %b : (f16[2], f16[2]) -> f16[2]{{$}}
  // CHECK-NEXT: {{^}}                             ^{{$}}
  // CHECK: [[@LINE+3]]:41: error: 'mul' op result #0 must be a tensor of f64, f32 or i32 values, got f16[2]
  // CHECK-NEXT: {{^}}  %p = mul %a, %b : (f16[2], f16[2]) -> f16[2]{{$}}
  // CHECK-NEXT: {{^}}                                        ^{{$}}
  %p = mul %a, %b : (f16[2], f16[2]) -> f16[2]
  return %p
}
// CHECK-NOT: {{(error|note):}}
