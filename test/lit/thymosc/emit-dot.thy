// --emit=dot draws the graphs for Graphviz: a cluster per graph, a node per
// argument and op, an edge per use labelled with the value.
// RUN: thymosc %s --emit=dot | FileCheck %s
// CHECK: digraph "@linreg" {
// CHECK: subgraph cluster_0 {
// CHECK-NEXT: label="@predict";
// CHECK-NEXT: g0_0 [label="%x\nf32[2,3]", shape=ellipse];
// CHECK-NEXT: g0_1 [label="%w\nf32[3,1]", shape=ellipse];
// CHECK-NEXT: g0_2 [label="matmul\nf32[2,1]", shape=box];
// CHECK-NEXT: g0_0 -> g0_2 [label="%x"];
// CHECK-NEXT: g0_1 -> g0_2 [label="%w"];
// CHECK-NEXT: g0_3 [label="return", shape=plaintext];
// CHECK-NEXT: g0_2 -> g0_3 [label="%y"];
// CHECK-NEXT: }
// CHECK-NEXT: }
module @linreg
graph @predict(%x: f32[2,3], %w: f32[3,1]) -> f32[2,1] {
  %y = matmul %x, %w : (f32[2,3], f32[3,1]) -> f32[2,1]
  return %y
}
