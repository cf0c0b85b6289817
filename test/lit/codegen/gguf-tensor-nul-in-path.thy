// RUN: not thymosc %s -o %t.plan 2>&1 | FileCheck %s --implicit-check-not=error:
// The string escape \x00 puts a NUL byte in the weight file's path; open(2)
// would read only "model.gguf" (another file than the one named). The error
// points at the attribute, before any file is opened.
module @m

graph @g() -> f32[4] {
  // CHECK: [[@LINE+1]]:21: error: 'gguf_tensor' op attribute 'file' contains a NUL byte, which a path cannot hold
  %w = gguf_tensor {file = "model.gguf\x00.evil", name = "w"} : () -> f32[4]
  return %w
}
