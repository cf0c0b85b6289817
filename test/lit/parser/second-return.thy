// RUN: not thymosc %s 2>&1 | FileCheck %s
// A graph has one 'return', its last statement. The first return is followed by
// a statement, and that statement is a second return.
module @m

graph @f(%x: f32[4]) -> f32[4] {
  return %x
  // CHECK: [[@LINE+4]]:3: error: expected '}' after 'return': it must be the graph's last statement, found 'return'
  // CHECK: [[@LINE+3]]:3: error: graph '@f' has a second 'return'
  // CHECK-NEXT: {{^}}  return %x{{$}}
  // CHECK-NEXT: {{^}}  ^{{$}}
  return %x
}
