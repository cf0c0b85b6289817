// RUN: not thymosc %s 2>&1 | FileCheck --strict-whitespace %s
// The domain declares a type that differs from the operand value's type.
module @m
graph @f(%x: f32[64,4]) -> f32[64,4] {
  // CHECK: [[@LINE+3]]:19: error: 'tanh' op operand #0 (%x) has type f32[64,4], but the domain declares f32[64,5]
  // CHECK-NEXT: {{^}}  %y = tanh %x : (f32[64,5]) -> f32[64,4]{{$}}
  // CHECK-NEXT: {{^}}                  ^{{$}}
  %y = tanh %x : (f32[64,5]) -> f32[64,4]
  return %y
}
// CHECK-NOT: {{(error|note):}}
