// '-' reads the module from standard input; diagnostics then name <stdin>.
// RUN: thymosc - < %s | FileCheck %s
// RUN: sed -e 's/%%y = exp/%%y = exq/' %s | not thymosc - 2>&1 | FileCheck %s --check-prefix=ERR
// CHECK: {{^}}module @from_stdin{{$}}
// CHECK: %y = exp %x : (f32[4]) -> f32[4]
// ERR: <stdin>:[[@LINE+4]]:8: error: unknown op 'exq'; did you mean 'exp'?
module @from_stdin

graph @f(%x: f32[4]) -> f32[4] {
  %y = exp %x : (f32[4]) -> f32[4]
  return %y
}
