// Rows of the token embedding and one projection of stories260K, used in
// place from the GGUF file beside this module (the test links it here).
module @stories_embed

graph @embed(%ids: i32[3]) -> (f32[3,64], f32[1,64]) {
  %table = gguf_tensor {file = "model.gguf", name = "token_embd.weight"} : () -> f32[512,64]
  %wq = gguf_tensor {file = "model.gguf", name = "blk.0.attn_q.weight"} : () -> f32[64,64]
  %e = gather %table, %ids {axis = 0} : (f32[512,64], i32[3]) -> f32[3,64]
  %first = slice %e {starts = [0, 0], ends = [1, 64]} : (f32[3,64]) -> f32[1,64]
  %q = matmul %first, %wq {transpose_b = true} : (f32[1,64], f32[64,64]) -> f32[1,64]
  return %e, %q
}
