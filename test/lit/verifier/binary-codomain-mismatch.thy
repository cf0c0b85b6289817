// RUN: not thymosc %s 2>&1 | FileCheck --strict-whitespace %s
// The codomain of a broadcasting op is not the broadcast shape.
module @m
graph @f(%a: i32[64,1], %b: i32[8]) -> i32[64,1] {
  // CHECK: [[@LINE+3]]:44: error: 'mul' op codomain is i32[64,1], but the domain (i32[64,1], i32[8]) gives i32[64,8]
  // CHECK-NEXT: {{^}}  %y = mul %a, %b : (i32[64,1], i32[8]) -> i32[64,1]{{$}}
  // CHECK-NEXT: {{^}}                                           ^{{$}}
  %y = mul %a, %b : (i32[64,1], i32[8]) -> i32[64,1]
  return %y
}
// CHECK-NOT: {{(error|note):}}
