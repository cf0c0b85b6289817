// RUN: not thymosc %s 2>&1 | FileCheck %s --implicit-check-not=error:
// Bad string literals: an unknown escape, a short \x, a missing quote.
module @m

graph @f() -> f32[2] {
  // CHECK: [[@LINE+1]]:35: error: unknown escape '\q' in a string (use \", \\, \n, \t or \xHH)
  %a = gguf_tensor {file = "a.gguf\q", name = "x"} : () -> f32[2]
  // CHECK: [[@LINE+1]]:47: error: '\x' in a string needs two hex digits
  %b = gguf_tensor {file = "a.gguf", name = "x\x4"} : () -> f32[2]
  // CHECK: [[@LINE+1]]:45: error: unterminated string (a '"' is missing on this line)
  %c = gguf_tensor {file = "a.gguf", name = "x} : () -> f32[2]
  return %a
}
