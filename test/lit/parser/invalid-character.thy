// RUN: not thymosc %s 2>&1 | FileCheck %s --implicit-check-not=error:
// A character that starts no token is named as such.
module @m

graph @f(%x: f32[4]) -> f32[4] {
  // CHECK: [[@LINE+3]]:13: error: expected '}' after 'return': it must be the graph's last statement, found invalid character '#'
  // CHECK-NEXT: {{^}}  return %x # the result{{$}}
  // CHECK-NEXT: {{^}}            ^{{$}}
  return %x # the result
}
