//===- LlamaModel.cpp - Reading and checking a llama GGUF model --------------===//

#include "frontend/llama/LlamaModel.h"

#include <cmath>
#include <map>

namespace thymos::llama {

namespace {

using rt::Status;

std::string shapeText(const std::vector<int64_t> &shape) {
  std::string s = "[";
  for (size_t i = 0; i < shape.size(); ++i)
    s += (i ? "," : "") + std::to_string(shape[i]);
  return s + "]";
}

/// The .thy element type of a ggml type the importer binds, or "".
std::string matrixDType(gguf::GgmlType type) {
  switch (type) {
  case gguf::GgmlType::F32: return "f32";
  case gguf::GgmlType::F16: return "f16";
  case gguf::GgmlType::Q8_0: return "q8_0";
  case gguf::GgmlType::Q4_0: return "q4_0";
  case gguf::GgmlType::Q4_K: return "q4_k";
  case gguf::GgmlType::Q5_K: return "q5_k";
  case gguf::GgmlType::Q6_K: return "q6_k";
  case gguf::GgmlType::BF16: return "bf16";
  default: return "";
  }
}

class Reader {
public:
  explicit Reader(const gguf::File &file) : file_(file) {}

  /// An integer from 1 to 2^31; `fallback` when the key is absent and not
  /// `required`.
  Status uint(const std::string &key, int64_t &out, bool required, int64_t fallback = 0) {
    const gguf::Value *v = nullptr;
    if (Status s = lookup(key, required, v); !s || !v) {
      out = fallback;
      return s;
    }
    std::optional<uint64_t> n = v->toUInt();
    if (!n || *n == 0 || *n > (uint64_t(1) << 31))
      return Status::error("'" + key + "' must be an integer from 1 to 2^31");
    out = static_cast<int64_t>(*n);
    return Status::success();
  }

  /// A finite number >= 0; `fallback` when the key is absent and not
  /// `required`.
  Status real(const std::string &key, double &out, bool required, double fallback = 0) {
    const gguf::Value *v = nullptr;
    if (Status s = lookup(key, required, v); !s || !v) {
      out = fallback;
      return s;
    }
    std::optional<double> x = v->toFloat();
    if (!x || !std::isfinite(*x) || *x < 0)
      return Status::error("'" + key + "' must be a finite number >= 0");
    out = *x;
    return Status::success();
  }

  /// Checks tensor `name` against `shape` (outermost first); matrices may be
  /// any supported type, vectors (norm weights) must be F32 as llama.cpp's.
  Status expect(const std::string &name, std::vector<int64_t> shape, bool matrix,
                LlamaModel &model) {
    const gguf::TensorInfo *info = file_.findTensor(name);
    if (!info)
      return Status::error("the model has no tensor '" + name + "'");
    used_[name] = true;
    const gguf::GgmlTypeInfo *type = gguf::ggmlTypeInfo(info->type);
    std::string dtype = matrixDType(type->type);
    if (!matrix && dtype != "f32")
      return Status::error("tensor '" + name + "' has type " + type->name +
                           ", but a norm weight or bias must be F32");
    if (dtype.empty())
      return Status::error("tensor '" + name + "' has type " + type->name +
                           ", which the importer does not support (F32, F16, BF16, Q8_0, Q4_0, "
                           "Q4_K, Q5_K or Q6_K)");
    std::vector<int64_t> found(info->dims.rbegin(), info->dims.rend());
    if (found != shape)
      return Status::error("tensor '" + name + "' has shape " + shapeText(found) +
                           " (outermost first), but the model's hyperparameters make it " +
                           shapeText(shape));
    model.tensors.push_back({name, dtype, std::move(shape)});
    return Status::success();
  }

  /// Every tensor of the file must have been checked: one the importer
  /// would ignore means a model it does not understand.
  Status noneLeft() const {
    for (const gguf::TensorInfo &t : file_.tensors())
      if (!used_.count(t.name))
        return Status::error("tensor '" + t.name + "' (" + gguf::ggmlTypeInfo(t.type)->name +
                             ") is not part of a llama model the importer understands");
    return Status::success();
  }

private:
  /// `v` is the value of `key`, or null when it is absent (an error when
  /// it is `required`).
  Status lookup(const std::string &key, bool required, const gguf::Value *&v) const {
    v = file_.find(key);
    if (!v && required)
      return Status::error("the model has no '" + key + "' (a llama model needs it)");
    return Status::success();
  }

  const gguf::File &file_;
  std::map<std::string, bool> used_;
};

} // namespace

const ModelTensor &LlamaModel::tensor(const std::string &tensorName) const {
  for (const ModelTensor &t : tensors)
    if (t.name == tensorName)
      return t;
  return tensors.front(); // unreachable for the names readLlamaModel checked
}

Status readLlamaModel(const gguf::File &file, LlamaModel &m) {
  const gguf::Value *arch = file.find("general.architecture");
  std::optional<std::string_view> archName = arch ? arch->toString() : std::nullopt;
  if (!archName)
    return Status::error("the model has no 'general.architecture' string");
  if (*archName != "llama" && *archName != "qwen2" && *archName != "phi3")
    return Status::error("general.architecture is '" + std::string(*archName) +
                         "'; only 'llama', 'qwen2' and 'phi3' models can be imported");
  m = LlamaModel{};
  m.arch = std::string(*archName);
  m.qkvBias = m.arch == "qwen2";
  m.neoxRope = m.arch == "qwen2" || m.arch == "phi3";
  m.fusedQkv = file.findTensor("blk.0.attn_qkv.weight") != nullptr;
  m.fusedGateUp = m.scaleQueries = m.arch == "phi3";
  // llama.cpp turns Phi-3's sliding window off (its conversion does not
  // describe it correctly), so full attention gives its tokens.
  m.name = m.arch;
  // Hyperparameters are keyed by the architecture: llama.embedding_length, qwen2....
  const std::string a = m.arch + ".";
  if (const gguf::Value *v = file.find("general.name"))
    if (auto s = v->toString(); s && !s->empty())
      m.name = std::string(*s);

  Reader r(file);
  if (Status s = r.uint(a + "embedding_length", m.embedding, true); !s)
    return s;
  if (Status s = r.uint(a + "block_count", m.layers, true); !s)
    return s;
  if (Status s = r.uint(a + "attention.head_count", m.heads, true); !s)
    return s;
  if (Status s = r.uint(a + "attention.head_count_kv", m.kvHeads, false, m.heads); !s)
    return s;
  if (Status s = r.uint(a + "feed_forward_length", m.feedForward, true); !s)
    return s;
  if (Status s = r.uint(a + "context_length", m.contextLength, true); !s)
    return s;
  if (m.heads % m.kvHeads != 0)
    return Status::error(a + "attention.head_count (" + std::to_string(m.heads) +
                         ") is not a multiple of head_count_kv (" + std::to_string(m.kvHeads) +
                         ")");
  if (Status s = r.uint(a + "attention.key_length", m.headDim, false,
                        m.embedding % m.heads == 0 ? m.embedding / m.heads : 0);
      !s)
    return s;
  if (m.headDim == 0)
    return Status::error(a + "embedding_length (" + std::to_string(m.embedding) +
                         ") is not a multiple of " + a + "attention.head_count (" +
                         std::to_string(m.heads) + ")");
  if (const gguf::Value *v = file.find(a + "attention.value_length"))
    if (v->toUInt() != std::optional<uint64_t>(m.headDim))
      return Status::error(a + "attention.value_length differs from key_length: not supported");
  if (m.headDim > 1024)
    return Status::error("the head dimension " + std::to_string(m.headDim) +
                         " is more than 1024");
  if (Status s = r.uint(a + "rope.dimension_count", m.rotaryDims, false, m.headDim); !s)
    return s;
  if (m.rotaryDims % 2 != 0 || m.rotaryDims > m.headDim)
    return Status::error(a + "rope.dimension_count (" + std::to_string(m.rotaryDims) +
                         ") must be even and at most the head dimension " +
                         std::to_string(m.headDim));
  if (Status s = r.real(a + "rope.freq_base", m.ropeFreqBase, false, 10000.0); !s)
    return s;
  if (!(m.ropeFreqBase > 0))
    return Status::error(a + "rope.freq_base must be > 0");
  if (Status s = r.real(a + "attention.layer_norm_rms_epsilon", m.rmsEpsilon, true); !s)
    return s;
  for (std::string key : {a + "rope.scaling.type", a + "rope.scale_linear"})
    if (const gguf::Value *v = file.find(key)) {
      std::optional<std::string_view> kind = v->toString();
      if (!kind || *kind != "none")
        return Status::error("'" + key + "' is set: rope scaling is not supported by the importer");
    }
  if (m.neoxRope && m.rotaryDims != m.headDim)
    return Status::error(a + "rope.dimension_count (" + std::to_string(m.rotaryDims) +
                         ") must equal the head dimension " + std::to_string(m.headDim) +
                         " for rope over the halves of each head");

  const gguf::TensorInfo *embd = file.findTensor("token_embd.weight");
  if (!embd || embd->dims.size() != 2)
    return Status::error("the model has no matrix 'token_embd.weight'");
  m.vocab = static_cast<int64_t>(embd->dims[1]);
  if (const gguf::Value *tokens = file.find("tokenizer.ggml.tokens"))
    if (tokens->isArray() && tokens->size() != static_cast<uint64_t>(m.vocab))
      return Status::error("the vocabulary has " + std::to_string(tokens->size()) +
                           " tokens, but token_embd.weight has " + std::to_string(m.vocab) +
                           " rows");

  const int64_t d = m.embedding, q = m.heads * m.headDim, kv = m.kvHeads * m.headDim,
                f = m.feedForward, v = m.vocab;
  if (Status s = r.expect("token_embd.weight", {v, d}, true, m); !s)
    return s;
  if (Status s = r.expect("output_norm.weight", {d}, false, m); !s)
    return s;
  m.tiedOutput = file.findTensor("output.weight") == nullptr;
  if (!m.tiedOutput)
    if (Status s = r.expect("output.weight", {v, d}, true, m); !s)
      return s;
  for (int64_t i = 0; i < m.layers; ++i) {
    const std::string b = "blk." + std::to_string(i) + ".";
    struct Expected {
      const char *name;
      std::vector<int64_t> shape;
      bool matrix;
    };
    std::vector<Expected> layer = {{"attn_norm.weight", {d}, false},
                                   {"attn_output.weight", {d, q}, true},
                                   {"ffn_norm.weight", {d}, false},
                                   {"ffn_down.weight", {d, f}, true}};
    if (m.fusedQkv)
      layer.push_back({"attn_qkv.weight", {q + 2 * kv, d}, true});
    else
      layer.insert(layer.end(), {{"attn_q.weight", {q, d}, true},
                                 {"attn_k.weight", {kv, d}, true},
                                 {"attn_v.weight", {kv, d}, true}});
    if (m.fusedGateUp)
      layer.push_back({"ffn_up.weight", {2 * f, d}, true});
    else
      layer.insert(layer.end(), {{"ffn_gate.weight", {f, d}, true},
                                 {"ffn_up.weight", {f, d}, true}});
    for (const Expected &e : layer)
      if (Status s = r.expect(b + e.name, e.shape, e.matrix, m); !s)
        return s;
    if (m.qkvBias)
      for (const Expected &e : {Expected{"attn_q.bias", {q}, false},
                                Expected{"attn_k.bias", {kv}, false},
                                Expected{"attn_v.bias", {kv}, false}})
        if (Status s = r.expect(b + e.name, e.shape, e.matrix, m); !s)
          return s;
  }
  for (const char *name : {"rope_factors_long.weight", "rope_factors_short.weight"})
    if (file.findTensor(name))
      return Status::error(std::string("the model has '") + name +
                           "': Phi-3's long-context rope scaling is not supported by the "
                           "importer");
  m.ropeFactors = file.findTensor("rope_freqs.weight") != nullptr;
  if (m.ropeFactors)
    if (Status s = r.expect("rope_freqs.weight", {m.rotaryDims / 2}, false, m); !s)
      return s;
  return r.noneLeft();
}

} // namespace thymos::llama
