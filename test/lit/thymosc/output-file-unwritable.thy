// An output file that cannot be created is an error, exit 1.
// RUN: not thymosc %s -o %t.missing-dir/out.thy 2>&1 | FileCheck %s
// CHECK: thymosc: error: {{.*}}missing-dir{{.*}}No such file or directory
module @m
graph @f(%x: f32[4]) -> f32[4] {
  return %x
}
