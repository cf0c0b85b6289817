// The first steps of a llama forward pass on weights used in place from a
// GGUF file: look up token embeddings (q4_0 rows, dequantized), RMS-normalise
// them with the first block's attention norm, and project them to queries
// with the q4_0 matrix blk.0.attn_q. Nothing is copied out of model.gguf: the
// plan records where each tensor lies and a fingerprint of its bytes.
//
// model.gguf is a synthetic llama (dim 64, vocab 320) that run.sh writes with
//   thymos-gguf synth-llama --dim 64 --layers 1 --heads 4 --kv-heads 2
//     --ffn 128 --vocab 320 --type q4_0 --seed 7 -o model.gguf
module @embed_project

graph @queries(%tokens: i32[4]) -> f32[4,64] {
  // GGUF token_embd has dims [64, 320] (64 values per row, innermost first).
  %table = gguf_tensor {file = "model.gguf", name = "token_embd.weight"} : () -> q4_0[320,64]
  %norm = gguf_tensor {file = "model.gguf", name = "blk.0.attn_norm.weight"} : () -> f32[64]
  %wq = gguf_tensor {file = "model.gguf", name = "blk.0.attn_q.weight"} : () -> q4_0[64,64]
  %x = gather %table, %tokens {axis = 0} : (q4_0[320,64], i32[4]) -> f32[4,64]
  %n = rmsnorm %x, %norm {epsilon = 1.0e-5} : (f32[4,64], f32[64]) -> f32[4,64]
  %q = matmul %n, %wq {transpose_b = true} : (f32[4,64], q4_0[64,64]) -> f32[4,64]
  return %q
}
