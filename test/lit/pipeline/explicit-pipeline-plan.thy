// An explicit pipeline replaces the target's default; lowering still plans
// memory itself when the pipeline has no plan-memory pass.
// RUN: thymosc %s --passes=verify -o %t.plan
// RUN: thymos-run %t.plan --input x=%S/Inputs/two.csv | FileCheck %s
// CHECK: %y: f64[2,1] = {{\[\[}}-1],
// CHECK-NEXT: [-2]]
module @m
graph @f(%x: f64[2,1]) -> f64[2,1] {
  %y = neg %x : (f64[2,1]) -> f64[2,1]
  return %y
}
