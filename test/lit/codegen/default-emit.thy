// With -o FILE the default output is a plan (it starts with the magic
// THYMPLAN); without -o it is the printed module.
// RUN: thymosc %s -o %t.plan
// RUN: head -c 8 %t.plan | FileCheck %s --check-prefix=PLAN
// RUN: thymosc %s | FileCheck %s --check-prefix=THY
// PLAN: THYMPLAN
// THY: module @m
module @m
graph @f(%x: f32[2]) -> f32[2] {
  %y = neg %x : (f32[2]) -> f32[2]
  return %y
}
