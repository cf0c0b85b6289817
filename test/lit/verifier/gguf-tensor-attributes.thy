// RUN: not thymosc %s 2>&1 | FileCheck %s --implicit-check-not=error:
// gguf_tensor needs a file and a tensor name, as strings, and at most four
// dimensions (GGUF's limit).
module @m

graph @f() -> f32[2] {
  // CHECK: [[@LINE+1]]:8: error: 'gguf_tensor' op file is empty
  %a = gguf_tensor {file = "", name = "x"} : () -> f32[2]
  // CHECK: [[@LINE+1]]:8: error: 'gguf_tensor' op name is empty
  %b = gguf_tensor {file = "m.gguf", name = ""} : () -> f32[2]
  // CHECK: [[@LINE+1]]:8: error: 'gguf_tensor' op GGUF tensors have at most 4 dimensions, but the codomain f32[1,1,1,1,2] has 5
  %c = gguf_tensor {file = "m.gguf", name = "x"} : () -> f32[1,1,1,1,2]
  // CHECK: [[@LINE+1]]:21: error: 'gguf_tensor' op attribute 'file' must be a string, got 3
  %d = gguf_tensor {file = 3, name = "x"} : () -> f32[2]
  // CHECK: [[@LINE+1]]:15: error: 'const' op attribute 'value' must be a number or (nested) array of numbers, got "3"
  %e = const {value = "3"} : () -> f32[2]
  return %a
}
