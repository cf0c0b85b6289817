// --emit=memory-svg draws one box per buffer lifetime, titled with the values
// it holds, and the lower bound as a dashed line.
// RUN: thymosc %s --passes=plan-memory --emit=memory-svg -o %t.svg
// RUN: %python -c "import sys, xml.dom.minidom as m; m.parse(sys.argv[1])" %t.svg
// RUN: FileCheck %s < %t.svg
// CHECK: <svg xmlns="http://www.w3.org/2000/svg"
// CHECK: @f: arena 2048 bytes, lower bound 2048 bytes (ratio 1.000), 3 steps
// CHECK: <title>%x: 1024 bytes at offset {{[0-9]+}}, steps [0, 3)</title>
// CHECK: <title>%a, %b, %c: 1024 bytes at offset {{[0-9]+}}, steps [0, 3)</title>
// CHECK: stroke-dasharray
// CHECK: </svg>
module @m
graph @f(%x: f32[256]) -> f32[256] {
  %a = exp %x : (f32[256]) -> f32[256]
  %b = neg %a : (f32[256]) -> f32[256]
  %c = add %b, %x : (f32[256], f32[256]) -> f32[256]
  return %c
}
