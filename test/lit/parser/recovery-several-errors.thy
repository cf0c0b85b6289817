// RUN: not thymosc %s 2>&1 | FileCheck %s --implicit-check-not=error:
// After a syntax error the parser skips to the next line that starts a
// statement (or to the next graph) and goes on, so one run reports every
// independent mistake, in source order, each once. Results of broken
// statements are not reported again as undefined where they are used.
module @m

graph @f(%x: f32[4], %w: f32[4]) -> f32[4] {
  // CHECK: [[@LINE+1]]:8: error: unknown op 'exq'; did you mean 'exp'?
  %a = exq %x : (f32[4]) -> f32[4]
  // CHECK: [[@LINE+1]]:15: error: expected ':' and the op's type '(domain) -> codomain', found '('
  %b = neg %a (f32[4]) -> f32[4]
  %c = add %a, %b : (f32[4], f32[4]) -> f32[4]
  // CHECK: [[@LINE+1]]:3: error: expected an op ('%name = ...'), 'update', 'return' or '}', found '='
  = relu %x : (f32[4]) -> f32[4]
  // CHECK: [[@LINE+1]]:23: error: expected ']' to end the shape, found ')'
  %d = neg %c : (f32[4) -> f32[4]
  // CHECK: [[@LINE+1]]:12: error: use of undefined value '%zz'
  %e = add %zz, %c : (f32[4], f32[4]) -> f32[4]
  return %e
}

// CHECK: [[@LINE+1]]:25: error: expected ':' after the argument name, found 'f32'
graph @g(%x: f32[4], %y f32[4]) -> f32[4] {
  return %x
}

graph @h(%x: f32[4]) -> f32[4] {
  // CHECK: [[@LINE+1]]:34: error: number '1e999' is out of range for f64
  %k = const {value = [1.0, 2.0, 1e999, 4.0]} : () -> f32[4]
  // CHECK: [[@LINE+2]]:3: error: redefinition of value '%x'
  // CHECK: note: previous definition is here
  %x = add %x, %k : (f32[4], f32[4]) -> f32[4]
  return %x
}
