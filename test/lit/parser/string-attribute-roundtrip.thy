// RUN: thymosc %s --emit=thy | FileCheck %s
// RUN: thymosc %s --emit=thy | thymosc - --emit=thy | FileCheck %s
// String attributes keep every character through print and re-parse:
// quotes, backslashes, tabs, newlines and other control characters escaped.
module @m

graph @f() -> (f32[2], f32[2]) {
  // CHECK: gguf_tensor {file = "dir/a \"b\" \\c.gguf", name = "x\ty\nz\x01\x7f"} : () -> f32[2]
  %a = gguf_tensor {file = "dir/a \"b\" \\c.gguf", name = "x\ty\nz\x01\x7F"} : () -> f32[2]
  // CHECK: gguf_tensor {file = "m.gguf", name = "blk.0.ünïcode"} : () -> f32[2]
  %b = gguf_tensor {file = "m.gguf", name = "blk.0.ünïcode"} : () -> f32[2]
  return %a, %b
}
