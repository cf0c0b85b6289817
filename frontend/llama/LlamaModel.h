//===- LlamaModel.h - The shape of a llama GGUF model, checked ---------------===//
//
// What the importer needs to know about a `general.architecture = llama`
// (or `qwen2`, the same layout with q/k/v biases) file: hyperparameters from its metadata and every tensor it will bind,
// each checked for presence, shape and element type before any text is
// written. A model outside what the importer supports (another architecture,
// a K-quant tensor, rope scaling, an extra tensor) is refused with the key or
// the tensor's name and type.
//
//===----------------------------------------------------------------------===//
#pragma once

#include "runtime/Status.h"
#include "runtime/gguf/File.h"

#include <cstdint>
#include <string>
#include <vector>

namespace thymos::llama {

/// One tensor the model uses, as the importer will declare it.
struct ModelTensor {
  std::string name;      // "blk.0.attn_q.weight"
  std::string dtype;     // the .thy element type: f32, f16, bf16, q8_0, q4_0, q4_k...
  std::vector<int64_t> shape; // outermost first, as in .thy
};

struct LlamaModel {
  std::string name; // general.name, or "llama"
  /// general.architecture: "llama", "qwen2" (biases on q, k and v, and rope
  /// over the two halves of each head: llama.cpp's NEOX mode) or "phi3".
  std::string arch = "llama";
  bool qkvBias = false;
  bool neoxRope = false;
  /// Phi-3: q, k and v come from one matrix (attn_qkv.weight), the gate and
  /// up projections from one (ffn_up.weight, the gate's rows first), and q is
  /// scaled before attention.
  bool fusedQkv = false;
  bool fusedGateUp = false;
  bool scaleQueries = false;
  int64_t embedding = 0;     // llama.embedding_length
  int64_t layers = 0;        // llama.block_count
  int64_t heads = 0;         // llama.attention.head_count
  int64_t kvHeads = 0;       // llama.attention.head_count_kv (default: heads)
  int64_t headDim = 0;       // llama.attention.key_length (default: embedding / heads)
  int64_t feedForward = 0;   // llama.feed_forward_length
  int64_t vocab = 0;         // rows of token_embd.weight
  int64_t contextLength = 0; // llama.context_length
  int64_t rotaryDims = 0;    // llama.rope.dimension_count (default: headDim)
  double ropeFreqBase = 10000.0;
  double rmsEpsilon = 1e-5;
  /// No output.weight: the token embedding is also the output matrix.
  bool tiedOutput = false;
  /// rope_freqs.weight (Llama 3.1, 3.2): each rotated pair's frequency is
  /// divided by its factor.
  bool ropeFactors = false;
  /// Keyed by GGUF tensor name; every tensor of the file is one of these.
  std::vector<ModelTensor> tensors;

  const ModelTensor &tensor(const std::string &tensorName) const;
};

/// Reads and checks `file`; the error names the key or tensor at fault.
rt::Status readLlamaModel(const gguf::File &file, LlamaModel &out);

} // namespace thymos::llama
