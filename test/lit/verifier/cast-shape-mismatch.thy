// RUN: not thymosc %s 2>&1 | FileCheck --strict-whitespace %s
// 'cast' changes the element type only, never the shape.
module @m
graph @f(%x: f32[4,32]) -> f16[32,4] {
  // CHECK: [[@LINE+3]]:33: error: 'cast' op codomain is f16[32,4], but the domain (f32[4,32]) gives f16[4,32]
  // CHECK-NEXT: {{^}}  %h = cast %x : (f32[4,32]) -> f16[32,4]{{$}}
  // CHECK-NEXT: {{^}}                                ^{{$}}
  %h = cast %x : (f32[4,32]) -> f16[32,4]
  return %h
}
// CHECK-NOT: {{(error|note):}}
