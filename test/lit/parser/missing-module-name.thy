// RUN: not thymosc %s 2>&1 | FileCheck %s
// `module` needs a name; the error points at what came instead.

module
// CHECK: [[@LINE+1]]:1: error: expected the module's name ('@name') after 'module', found 'graph'
graph @f(%x: f32[4]) -> f32[4] {
  return %x
}
