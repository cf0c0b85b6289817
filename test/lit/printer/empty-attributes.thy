// RUN: thymosc %s > %t.1 && thymosc %t.1 > %t.2 && diff %t.1 %t.2
// RUN: FileCheck %s < %t.1
// An empty attribute dictionary is the same as none and is not printed.
module @m

// CHECK-LABEL: graph @f(
graph @f(%x: f32[4]) -> f32[4] {
  // CHECK-NEXT: {{^}}  %y = exp %x : (f32[4]) -> f32[4]{{$}}
  %y = exp %x {} : (f32[4]) -> f32[4]
  return %y
}
