//===- LlamaImportTest.cpp - The llama importer on good and bad models --------===//
//
// Tiny llama GGUF files written in memory (zero weights: only the metadata,
// names, shapes and types matter here). One valid model is accepted and
// written as a module; each variation of it that the importer refuses must
// be refused with one exact message naming the key or tensor at fault.
//
//===----------------------------------------------------------------------===//
#include "frontend/llama/LlamaImport.h"
#include "frontend/llama/LlamaModel.h"
#include "runtime/gguf/File.h"
#include "runtime/gguf/Writer.h"

#include <catch2/catch.hpp>

#include <algorithm>
#include <memory>
#include <string>
#include <utility>
#include <vector>

using namespace thymos;
using namespace thymos::llama;
using gguf::GgmlType;

namespace {

struct TensorSpec {
  std::vector<uint64_t> dims; // ne0 first, as GGUF stores them
  GgmlType type;
};

/// A llama model as metadata and tensor lists, changed by a test and then
/// written, parsed and read. Keys and names keep their order; set() replaces
/// a value in place or appends it.
struct TinyLlama {
  std::vector<std::pair<std::string, gguf::Encoded>> metadata;
  std::vector<std::pair<std::string, TensorSpec>> tensors;
  std::vector<unsigned char> bytes;  // the written file, which `file` points into
  std::unique_ptr<gguf::File> file;

  void set(const std::string &key, gguf::Encoded value) {
    for (auto &kv : metadata)
      if (kv.first == key) {
        kv.second = std::move(value);
        return;
      }
    metadata.emplace_back(key, std::move(value));
  }
  void drop(const std::string &key) {
    size_t before = metadata.size();
    metadata.erase(std::remove_if(metadata.begin(), metadata.end(),
                                  [&](const auto &kv) { return kv.first == key; }),
                   metadata.end());
    REQUIRE(metadata.size() + 1 == before);
  }
  void setTensor(const std::string &name, TensorSpec spec) {
    for (auto &t : tensors)
      if (t.first == name) {
        t.second = std::move(spec);
        return;
      }
    tensors.emplace_back(name, std::move(spec));
  }
  void dropTensor(const std::string &name) {
    size_t before = tensors.size();
    tensors.erase(std::remove_if(tensors.begin(), tensors.end(),
                                 [&](const auto &t) { return t.first == name; }),
                  tensors.end());
    REQUIRE(tensors.size() + 1 == before);
  }

  /// Writes and parses the file (both must succeed), then reads it as a
  /// llama model.
  rt::Status read(LlamaModel &model) {
    gguf::Writer w;
    for (const auto &[key, value] : metadata)
      w.add(key, value);
    for (const auto &[name, spec] : tensors) {
      uint64_t elements = 0, size = 0;
      std::string error;
      bool sized = gguf::tensorSize(uint32_t(spec.type), spec.dims, elements, size, error);
      INFO(name << ": " << error);
      REQUIRE(sized);
      w.addTensor(name, spec.dims, spec.type, std::vector<unsigned char>(size, 0));
    }
    rt::Status written = w.writeMemory(bytes);
    INFO(written.message());
    REQUIRE(written);
    rt::Status parsed = gguf::File::parse(bytes.data(), bytes.size(), file);
    INFO(parsed.message());
    REQUIRE(parsed);
    return readLlamaModel(*file, model);
  }

  /// read(), which must fail; its message.
  std::string refusal() {
    LlamaModel model;
    rt::Status s = read(model);
    REQUIRE_FALSE(s);
    return s.message();
  }
};

/// dim 32, 4 heads of 8 (2 key/value heads), feed-forward `ffn`, vocabulary
/// 40, context 128, with an output matrix unless `tied`.
TinyLlama tinyLlama(uint64_t layers = 2, uint64_t ffn = 64, bool tied = false) {
  const uint64_t dim = 32, heads = 4, kvHeads = 2, headDim = dim / heads, vocab = 40;
  TinyLlama m;
  m.set("general.architecture", gguf::encodeString("llama"));
  m.set("general.name", gguf::encodeString("tiny llama"));
  m.set("llama.context_length", gguf::encodeUInt32(128));
  m.set("llama.embedding_length", gguf::encodeUInt32(dim));
  m.set("llama.block_count", gguf::encodeUInt32(uint32_t(layers)));
  m.set("llama.feed_forward_length", gguf::encodeUInt32(uint32_t(ffn)));
  m.set("llama.attention.head_count", gguf::encodeUInt32(heads));
  m.set("llama.attention.head_count_kv", gguf::encodeUInt32(kvHeads));
  m.set("llama.rope.dimension_count", gguf::encodeUInt32(headDim));
  m.set("llama.attention.layer_norm_rms_epsilon", gguf::encodeFloat32(1e-5f));
  m.set("llama.rope.freq_base", gguf::encodeFloat32(10000.0f));
  std::vector<std::string> tokens;
  for (uint64_t i = 0; i < vocab; ++i)
    tokens.push_back("t" + std::to_string(i));
  m.set("tokenizer.ggml.model", gguf::encodeString("llama"));
  m.set("tokenizer.ggml.tokens", gguf::encodeArray(tokens));

  auto matrix = [&](const std::string &name, uint64_t cols, uint64_t rows) {
    m.setTensor(name, {{cols, rows}, GgmlType::F32});
  };
  auto norm = [&](const std::string &name) { m.setTensor(name, {{dim}, GgmlType::F32}); };
  matrix("token_embd.weight", dim, vocab);
  norm("output_norm.weight");
  if (!tied)
    matrix("output.weight", dim, vocab);
  for (uint64_t l = 0; l < layers; ++l) {
    const std::string b = "blk." + std::to_string(l) + ".";
    norm(b + "attn_norm.weight");
    matrix(b + "attn_q.weight", dim, dim);
    matrix(b + "attn_k.weight", dim, kvHeads * headDim);
    matrix(b + "attn_v.weight", dim, kvHeads * headDim);
    matrix(b + "attn_output.weight", dim, dim);
    norm(b + "ffn_norm.weight");
    matrix(b + "ffn_gate.weight", dim, ffn);
    matrix(b + "ffn_up.weight", dim, ffn);
    matrix(b + "ffn_down.weight", ffn, dim);
  }
  return m;
}

bool contains(const std::string &text, const std::string &part) {
  return text.find(part) != std::string::npos;
}

size_t count(const std::string &text, const std::string &part) {
  size_t n = 0;
  for (size_t at = text.find(part); at != std::string::npos; at = text.find(part, at + 1))
    ++n;
  return n;
}

std::string moduleText(const LlamaModel &model, ImportOptions options) {
  std::string text;
  rt::Status s = writeLlamaModule(model, options, text);
  INFO(s.message());
  REQUIRE(s);
  return text;
}

} // namespace

// --- Accepted models -------------------------------------------------------

TEST_CASE("a tiny llama model is read with its hyperparameters", "[llama-import]") {
  TinyLlama tiny = tinyLlama();
  LlamaModel m;
  rt::Status s = tiny.read(m);
  INFO(s.message());
  REQUIRE(s);
  CHECK(m.name == "tiny llama");
  CHECK(m.embedding == 32);
  CHECK(m.layers == 2);
  CHECK(m.heads == 4);
  CHECK(m.kvHeads == 2);
  CHECK(m.headDim == 8);
  CHECK(m.feedForward == 64);
  CHECK(m.vocab == 40);
  CHECK(m.contextLength == 128);
  CHECK(m.rotaryDims == 8);
  CHECK(m.ropeFreqBase == 10000.0);
  CHECK(m.rmsEpsilon == double(1e-5f));
  CHECK_FALSE(m.tiedOutput);
  CHECK(m.tensors.size() == 3 + 2 * 9);
  CHECK(m.tensor("blk.1.attn_k.weight").shape == std::vector<int64_t>{16, 32});
  CHECK(m.tensor("blk.1.ffn_down.weight").dtype == "f32");
}

TEST_CASE("the module of a tiny model has its graphs, states and weights", "[llama-import]") {
  TinyLlama tiny = tinyLlama();
  LlamaModel m;
  REQUIRE(tiny.read(m));
  ImportOptions o;
  o.weightsPath = "tiny.gguf";
  o.contextLength = 16;
  o.prefillTokens = 4;
  const std::string text = moduleText(m, o);
  INFO(text);
  CHECK(contains(text, "module @tiny_llama\n"));
  for (const char *state : {"state @blk.0.cache_k : f32[16,2,8]\n",
                            "state @blk.0.cache_v : f32[16,2,8]\n",
                            "state @blk.1.cache_k : f32[16,2,8]\n",
                            "state @blk.1.cache_v : f32[16,2,8]\n"})
    CHECK(contains(text, state));
  const std::string states = " state(%blk.0.k_old = @blk.0.cache_k, %blk.0.v_old = "
                             "@blk.0.cache_v, %blk.1.k_old = @blk.1.cache_k, %blk.1.v_old = "
                             "@blk.1.cache_v) {\n";
  CHECK(contains(text, "graph @decode(%token: i32[1], %pos: i32[]) -> f32[1,40]" + states));
  CHECK(contains(text, "graph @prefill(%tokens: i32[4], %pos: i32[], %last: i32[1]) -> "
                       "f32[1,40]" + states));
  CHECK(contains(text, "  %token_embd = gguf_tensor {file = \"tiny.gguf\", name = "
                       "\"token_embd.weight\"} : () -> f32[40,32]\n"));
  CHECK(contains(text, "  %blk.1.attn_k = gguf_tensor {file = \"tiny.gguf\", name = "
                       "\"blk.1.attn_k.weight\"} : () -> f32[16,32]\n"));
  CHECK(contains(text, "  %logits = matmul %x.norm, %output {transpose_b = true} : "
                       "(f32[1,32], f32[40,32]) -> f32[1,40]\n"));
  CHECK(contains(text, "  update @blk.1.cache_v = %blk.1.v_cache\n"));

  SECTION("without a prefill chunk there is only @decode") {
    o.prefillTokens = 0;
    const std::string decodeOnly = moduleText(m, o);
    CHECK(count(decodeOnly, "\ngraph @") == 1);
    CHECK_FALSE(contains(decodeOnly, "@prefill"));
  }
  SECTION("context 0 means the model's") {
    o.contextLength = 0;
    CHECK(contains(moduleText(m, o), "state @blk.0.cache_k : f32[128,2,8]\n"));
  }
}

TEST_CASE("a model without output.weight uses token_embd as the output matrix",
          "[llama-import]") {
  TinyLlama tiny = tinyLlama(1, 64, /*tied=*/true);
  LlamaModel m;
  rt::Status s = tiny.read(m);
  INFO(s.message());
  REQUIRE(s);
  CHECK(m.tiedOutput);
  CHECK(m.tensors.size() == 2 + 9);
  ImportOptions o;
  o.weightsPath = "tied.gguf";
  const std::string text = moduleText(m, o);
  INFO(text);
  CHECK(contains(text, "output tied to the token embedding"));
  CHECK(contains(text, "  %logits = matmul %x.norm, %token_embd {transpose_b = true} : "
                       "(f32[1,32], f32[40,32]) -> f32[1,40]\n"));
  CHECK_FALSE(contains(text, "\"output.weight\""));
  CHECK_FALSE(contains(text, "%output "));
}

// --- Refused models: metadata ---------------------------------------------

TEST_CASE("a qwen2 model needs its q, k and v biases", "[llama-import]") {
  TinyLlama tiny = tinyLlama();
  tiny.set("general.architecture", gguf::encodeString("qwen2"));
  // Its keys are qwen2.*: the llama.* ones of the tiny model do not count.
  CHECK(tiny.refusal() == "the model has no 'qwen2.embedding_length' (a llama model needs it)");
}

TEST_CASE("an architecture other than llama is refused", "[llama-import]") {
  TinyLlama tiny = tinyLlama();
  tiny.set("general.architecture", gguf::encodeString("gpt2"));
  CHECK(tiny.refusal() ==
        "general.architecture is 'gpt2'; only 'llama', 'qwen2' and 'phi3' models can be imported");
}

TEST_CASE("a model without general.architecture is refused", "[llama-import]") {
  TinyLlama tiny = tinyLlama();
  tiny.drop("general.architecture");
  CHECK(tiny.refusal() == "the model has no 'general.architecture' string");
}

TEST_CASE("a model without llama.embedding_length is refused", "[llama-import]") {
  TinyLlama tiny = tinyLlama();
  tiny.drop("llama.embedding_length");
  CHECK(tiny.refusal() == "the model has no 'llama.embedding_length' (a llama model needs it)");
}

TEST_CASE("head_count must be a multiple of head_count_kv", "[llama-import]") {
  TinyLlama tiny = tinyLlama();
  tiny.set("llama.attention.head_count_kv", gguf::encodeUInt32(3));
  CHECK(tiny.refusal() ==
        "llama.attention.head_count (4) is not a multiple of head_count_kv (3)");
}

TEST_CASE("embedding_length must be a multiple of head_count", "[llama-import]") {
  TinyLlama tiny = tinyLlama();
  tiny.set("llama.embedding_length", gguf::encodeUInt32(30));
  CHECK(tiny.refusal() ==
        "llama.embedding_length (30) is not a multiple of llama.attention.head_count (4)");
}

TEST_CASE("a vocabulary of another size than token_embd's rows is refused", "[llama-import]") {
  TinyLlama tiny = tinyLlama();
  std::vector<std::string> tokens(39, "t");
  for (size_t i = 0; i < tokens.size(); ++i)
    tokens[i] += std::to_string(i);
  tiny.set("tokenizer.ggml.tokens", gguf::encodeArray(tokens));
  CHECK(tiny.refusal() == "the vocabulary has 39 tokens, but token_embd.weight has 40 rows");
}

TEST_CASE("rope scaling is refused", "[llama-import]") {
  TinyLlama tiny = tinyLlama();
  tiny.set("llama.rope.scaling.type", gguf::encodeString("linear"));
  CHECK(tiny.refusal() ==
        "'llama.rope.scaling.type' is set: rope scaling is not supported by the importer");
}

TEST_CASE("an odd rope.dimension_count is refused", "[llama-import]") {
  TinyLlama tiny = tinyLlama();
  tiny.set("llama.rope.dimension_count", gguf::encodeUInt32(7));
  CHECK(tiny.refusal() ==
        "llama.rope.dimension_count (7) must be even and at most the head dimension 8");
}

// --- Refused models: tensors ----------------------------------------------

TEST_CASE("a missing tensor is refused", "[llama-import]") {
  TinyLlama tiny = tinyLlama();
  tiny.dropTensor("blk.0.ffn_up.weight");
  CHECK(tiny.refusal() == "the model has no tensor 'blk.0.ffn_up.weight'");
}

TEST_CASE("a tensor of the wrong shape is refused", "[llama-import]") {
  TinyLlama tiny = tinyLlama();
  // 32 rows (4 heads of 8) where the 2 key/value heads need 16.
  tiny.setTensor("blk.1.attn_k.weight", {{32, 32}, GgmlType::F32});
  CHECK(tiny.refusal() == "tensor 'blk.1.attn_k.weight' has shape [32,32] (outermost first), "
                          "but the model's hyperparameters make it [16,32]");
}

TEST_CASE("a norm weight must be F32", "[llama-import]") {
  TinyLlama tiny = tinyLlama();
  tiny.setTensor("blk.0.ffn_norm.weight", {{32}, GgmlType::F16});
  CHECK(tiny.refusal() == "tensor 'blk.0.ffn_norm.weight' has type F16, but a norm weight or bias "
                          "must be F32");
}

TEST_CASE("a matrix of a type without kernels is refused with its type", "[llama-import]") {
  // ffn 256: ffn_down's rows are one 256-element Q3_K block each.
  TinyLlama tiny = tinyLlama(2, 256);
  {
    LlamaModel m;
    REQUIRE(tiny.read(m)); // the F32 model with this ffn is fine
  }
  tiny.setTensor("blk.0.ffn_down.weight", {{256, 32}, GgmlType::Q4_K});
  {
    LlamaModel m;
    CHECK(tiny.read(m)); // Q4_K has kernels
  }
  tiny.setTensor("blk.0.ffn_down.weight", {{256, 32}, GgmlType::Q3_K});
  CHECK(tiny.refusal() == "tensor 'blk.0.ffn_down.weight' has type Q3_K, which the importer "
                          "does not support (F32, F16, BF16, Q8_0, Q4_0, Q4_K, Q5_K or Q6_K)");
}

TEST_CASE("a tensor the importer does not know is refused", "[llama-import]") {
  TinyLlama tiny = tinyLlama();
  tiny.setTensor("blk.0.attn_q_norm.weight", {{8}, GgmlType::F32});
  CHECK(tiny.refusal() == "tensor 'blk.0.attn_q_norm.weight' (F32) is not part of a llama model "
                          "the importer understands");
}

TEST_CASE("rope_freqs.weight has one factor per rotated pair", "[llama-import]") {
  TinyLlama tiny = tinyLlama(); // head dimension 8: 4 pairs
  tiny.setTensor("rope_freqs.weight", {{4}, GgmlType::F32});
  {
    LlamaModel m;
    REQUIRE(tiny.read(m));
    CHECK(m.ropeFactors);
  }
  tiny.setTensor("rope_freqs.weight", {{5}, GgmlType::F32});
  CHECK(tiny.refusal() == "tensor 'rope_freqs.weight' has shape [5] (outermost first), but the "
                          "model's hyperparameters make it [4]");
}

// --- Refused import options -----------------------------------------------

TEST_CASE("the module's context and prefill chunk must fit the model", "[llama-import]") {
  TinyLlama tiny = tinyLlama();
  LlamaModel m;
  REQUIRE(tiny.read(m));
  ImportOptions o;
  o.weightsPath = "tiny.gguf";
  std::string text;
  SECTION("a context longer than the model's") {
    o.contextLength = 129;
    rt::Status s = writeLlamaModule(m, o, text);
    REQUIRE_FALSE(s);
    CHECK(s.message() == "the context length must be from 1 to the model's 128, got 129");
  }
  SECTION("a prefill chunk longer than the context") {
    o.contextLength = 16;
    o.prefillTokens = 17;
    rt::Status s = writeLlamaModule(m, o, text);
    REQUIRE_FALSE(s);
    CHECK(s.message() ==
          "the prefill chunk must be from 0 to the context length 16 tokens, got 17");
  }
  CHECK(text.empty());
}
