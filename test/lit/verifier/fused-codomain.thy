// RUN: not thymosc %s 2>&1 | FileCheck --strict-whitespace %s
// The result is the broadcast of all inputs, even one the program does not read.
module @m
graph @f(%a: f32[4], %b: f32[2,1]) -> f32[4] {
  // CHECK: [[@LINE+3]]:68: error: 'fused' op codomain is f32[4], but the domain (f32[4], f32[2,1]) gives f32[2,4]
  // CHECK-NEXT: {{^}}  %y = fused %a, %b {program = [9, 0, -1]} : (f32[4], f32[2,1]) -> f32[4]{{$}}
  // CHECK-NEXT: {{^}}                                                                   ^{{$}}
  %y = fused %a, %b {program = [9, 0, -1]} : (f32[4], f32[2,1]) -> f32[4]
  return %y
}
// CHECK-NOT: {{(error|note):}}
