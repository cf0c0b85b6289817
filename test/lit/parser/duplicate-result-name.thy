// RUN: not thymosc %s 2>&1 | FileCheck %s
// One op may not name two results alike.
module @m

graph @f(%x: f32[4]) -> f32[4] {
  // CHECK: [[@LINE+6]]:7: error: redefinition of value '%a'
  // CHECK-NEXT: {{^}}  %a, %a = exp %x : (f32[4]) -> (f32[4], f32[4]){{$}}
  // CHECK-NEXT: {{^}}      ^{{$}}
  // CHECK: [[@LINE+3]]:3: note: previous definition is here
  // CHECK-NEXT: {{^}}  %a, %a = exp{{.*}}
  // CHECK-NEXT: {{^}}  ^{{$}}
  %a, %a = exp %x : (f32[4]) -> (f32[4], f32[4])
  return %a
}
