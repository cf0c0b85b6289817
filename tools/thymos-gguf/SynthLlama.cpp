//===- SynthLlama.cpp - `thymos-gguf synth-llama`: a random llama model ------===//

#include "SynthLlama.h"
#include "TensorRows.h"

#include "runtime/gguf/Writer.h"

#include <cmath>
#include <cstring>
#include <tuple>
#include <utility>
#include <vector>

namespace thymos::gguf_tool {

using gguf::encodeArray;
using gguf::encodeFloat32;
using gguf::encodeString;
using gguf::encodeUInt32;
using gguf::GgmlType;

namespace {

// Byte-fallback vocabulary: ids 0-2 are <unk> <s> </s>, 3-258 the bytes.
constexpr uint64_t kControlTokens = 3;
constexpr uint64_t kMinVocab = kControlTokens + 256;
// llama.cpp's token types.
constexpr int32_t kTokenNormal = 1, kTokenUnknown = 2, kTokenControl = 3, kTokenByte = 6;
// Generous limits: they keep every product below far from overflow and make
// a typo (--dim 40960000) an error rather than a disk-filling run.
constexpr uint64_t kMaxWidth = uint64_t(1) << 20;
constexpr uint64_t kMaxLayers = 4096;
constexpr uint64_t kMaxContext = uint64_t(1) << 24;
// Small weights keep activations near unit scale through the layers.
constexpr float kWeightScale = 0.02f;

/// splitmix64: a tiny, well-mixed generator. Together with normal() below,
/// which uses integer arithmetic only, the weights are the same bytes on
/// every platform (std::normal_distribution and libm's log/cos are not).
struct Random {
  uint64_t state;
  uint64_t next() {
    uint64_t z = (state += 0x9e3779b97f4a7c15ULL);
    z = (z ^ (z >> 30)) * 0xbf58476d1ce4e5b9ULL;
    z = (z ^ (z >> 27)) * 0x94d049bb133111ebULL;
    return z ^ (z >> 31);
  }
  /// Approximately N(0, 1): the sum of twelve uniform 16-bit numbers, centred
  /// and scaled (Irwin-Hall: variance 12 * 65536^2 / 12).
  float normal() {
    uint64_t sum = 0;
    for (int k = 0; k < 3; ++k)
      for (uint64_t bits = next(), i = 0; i < 4; ++i, bits >>= 16)
        sum += bits & 0xffff;
    return static_cast<float>((double(sum) - 12 * 32767.5) / 65536.0);
  }
};

/// The made-up word for normal token `n`: bijective base 26 ("a".."z",
/// "aa"...), every other one with SentencePiece's word-start mark U+2581, so
/// that the tokenizer finds both kinds. Distinct n give distinct words.
std::string madeUpToken(uint64_t n) {
  std::string word;
  for (uint64_t m = n / 2 + 1; m > 0; m = (m - 1) / 26)
    word.insert(word.begin(), static_cast<char>('a' + (m - 1) % 26));
  return n % 2 == 0 ? "\xe2\x96\x81" + word : word;
}

void addVocabulary(gguf::Writer &w, uint64_t vocab) {
  std::vector<std::string> tokens = {"<unk>", "<s>", "</s>"};
  std::vector<float> scores = {0.0f, 0.0f, 0.0f};
  std::vector<int32_t> types = {kTokenUnknown, kTokenControl, kTokenControl};
  static const char kHex[] = "0123456789ABCDEF";
  for (int b = 0; b < 256; ++b) {
    tokens.push_back(std::string("<0x") + kHex[b >> 4] + kHex[b & 15] + ">");
    scores.push_back(0.0f);
    types.push_back(kTokenByte);
  }
  // SentencePiece merges the pair whose result scores highest: earlier
  // (shorter) words score higher, as in a trained vocabulary.
  for (uint64_t n = 0; n + kMinVocab < vocab; ++n) {
    tokens.push_back(madeUpToken(n));
    scores.push_back(-static_cast<float>(n));
    types.push_back(kTokenNormal);
  }
  w.add("tokenizer.ggml.model", encodeString("llama"));
  w.add("tokenizer.ggml.tokens", encodeArray(tokens));
  w.add("tokenizer.ggml.scores", encodeArray(scores));
  w.add("tokenizer.ggml.token_type", encodeArray(types));
  w.add("tokenizer.ggml.unknown_token_id", encodeUInt32(0));
  w.add("tokenizer.ggml.bos_token_id", encodeUInt32(1));
  w.add("tokenizer.ggml.eos_token_id", encodeUInt32(2));
}

/// general.file_type: llama.cpp's LLAMA_FTYPE for "mostly `type`".
uint32_t fileType(GgmlType type) {
  switch (type) {
  case GgmlType::F16: return 1;
  case GgmlType::Q4_0: return 2;
  case GgmlType::Q8_0: return 7;
  case GgmlType::Q4_K: return 15;
  case GgmlType::Q5_K: return 17;
  case GgmlType::Q6_K: return 18;
  case GgmlType::BF16: return 32;
  default: return 0; // all F32
  }
}

/// Fills a [cols, rows] matrix (ne order) of `type` with N(0, 1) * scale,
/// row by row, from a generator seeded for this tensor alone.
gguf::Writer::Fill randomMatrix(GgmlType type, uint64_t cols, uint64_t seed) {
  return [type, cols, seed](unsigned char *out, uint64_t bytes) {
    Random random{seed};
    std::vector<float> row(cols);
    const uint64_t bytesPerRow = rowBytes(type, cols);
    for (uint64_t at = 0; at + bytesPerRow <= bytes; at += bytesPerRow) {
      for (float &x : row)
        x = random.normal() * kWeightScale;
      rowFromFloat(type, row.data(), out + at, cols);
    }
  };
}

constexpr float kLlama3RopeBase = 500000.0f;

/// The divisors of each rotated pair's frequency that Llama 3.1's "llama3"
/// rope scaling gives (Hugging Face's rule, which llama.cpp's converter
/// writes as rope_freqs.weight): wavelengths under 8192 / 4 keep their
/// frequency, those over 8192 / 1 are stretched 8 times, and between them
/// the factor moves smoothly.
gguf::Writer::Fill llama3RopeFactors(uint64_t headDim) {
  return [headDim](unsigned char *out, uint64_t bytes) {
    constexpr double kFactor = 8, kLow = 1, kHigh = 4, kOriginalContext = 8192;
    constexpr double kPi = 3.14159265358979323846;
    for (uint64_t i = 0; i < headDim / 2 && (i + 1) * sizeof(float) <= bytes; ++i) {
      const double freq = std::pow(double(kLlama3RopeBase), -2.0 * double(i) / double(headDim));
      const double wavelength = 2 * kPi / freq;
      double divisor = 1;
      if (wavelength > kOriginalContext / kLow) {
        divisor = kFactor;
      } else if (wavelength >= kOriginalContext / kHigh) {
        const double smooth = (kOriginalContext / wavelength - kLow) / (kHigh - kLow);
        divisor = 1 / ((1 - smooth) / kFactor + smooth);
      }
      const auto value = static_cast<float>(divisor);
      std::memcpy(out + i * sizeof value, &value, sizeof value);
    }
  };
}

/// RMSNorm weights: all ones, the identity scale a freshly made model has.
gguf::Writer::Fill ones() {
  return [](unsigned char *out, uint64_t bytes) {
    const float one = 1.0f;
    for (uint64_t at = 0; at + sizeof one <= bytes; at += sizeof one)
      std::memcpy(out + at, &one, sizeof one);
  };
}

rt::Status positive(const char *flag, uint64_t value, uint64_t max) {
  if (value == 0 || value > max)
    return rt::Status::error(std::string(flag) + " must be between 1 and " + std::to_string(max) +
                             " (got " + std::to_string(value) + ")");
  return rt::Status::success();
}

} // namespace

rt::Status checkSynthLlama(const SynthLlamaOptions &o) {
  if (o.output.empty())
    return rt::Status::error("no output file (-o FILE)");
  for (auto [flag, value, max] : {std::tuple{"--dim", o.dim, kMaxWidth},
                                  std::tuple{"--layers", o.layers, kMaxLayers},
                                  std::tuple{"--heads", o.heads, kMaxWidth},
                                  std::tuple{"--kv-heads", o.kvHeads, kMaxWidth},
                                  std::tuple{"--ffn", o.ffn, kMaxWidth},
                                  std::tuple{"--vocab", o.vocab, kMaxWidth},
                                  std::tuple{"--context", o.context, kMaxContext}})
    if (rt::Status s = positive(flag, value, max); !s)
      return s;
  if (o.dim % o.heads != 0)
    return rt::Status::error("--dim " + std::to_string(o.dim) + " is not a multiple of --heads " +
                             std::to_string(o.heads));
  if ((o.dim / o.heads) % 2 != 0)
    return rt::Status::error("the head size --dim/--heads = " + std::to_string(o.dim / o.heads) +
                             " must be even (rotary embeddings rotate pairs)");
  if (o.heads % o.kvHeads != 0)
    return rt::Status::error("--heads " + std::to_string(o.heads) +
                             " is not a multiple of --kv-heads " + std::to_string(o.kvHeads));
  if (o.vocab < kMinVocab)
    return rt::Status::error("--vocab must be at least " + std::to_string(kMinVocab) +
                             " (3 control tokens and 256 byte tokens), got " +
                             std::to_string(o.vocab));
  if (o.arch != "llama" && o.arch != "qwen2" && o.arch != "phi3")
    return rt::Status::error("--arch must be llama, qwen2 or phi3, got '" + o.arch + "'");
  if (o.llama3Rope && o.arch != "llama")
    return rt::Status::error("--llama3-rope is for --arch llama");
  if (o.mix)
    return rt::Status::success(); // rows a type does not fit fall back (QuantMix.h)
  if (!convertible(o.type))
    return rt::Status::error(std::string("--type cannot be ") + typeName(o.type));
  const uint64_t block = gguf::ggmlTypeInfo(uint32_t(o.type))->blockElems;
  for (auto [flag, value] : {std::pair{"--dim", o.dim}, std::pair{"--ffn", o.ffn}})
    if (value % block != 0)
      return rt::Status::error(std::string("--type ") + typeName(o.type) + " needs rows of whole " +
                               std::to_string(block) + "-element blocks, but " + flag + " is " +
                               std::to_string(value) + " (a mix such as Q4_K_M falls back "
                               "where a type does not fit)");
  return rt::Status::success();
}

rt::Status writeSynthLlama(const SynthLlamaOptions &o) {
  if (rt::Status s = checkSynthLlama(o); !s)
    return s;
  uint64_t headDim = o.dim / o.heads;
  uint64_t kvDim = headDim * o.kvHeads;
  gguf::Writer w(3);
  const std::string a = o.arch + ".";
  w.add("general.architecture", encodeString(o.arch));
  w.add("general.name", encodeString("thymos synth-llama"));
  w.add("general.file_type", encodeUInt32(o.mix ? o.mix->fileType : fileType(o.type)));
  w.add(a + "context_length", encodeUInt32(uint32_t(o.context)));
  w.add(a + "embedding_length", encodeUInt32(uint32_t(o.dim)));
  w.add(a + "block_count", encodeUInt32(uint32_t(o.layers)));
  w.add(a + "feed_forward_length", encodeUInt32(uint32_t(o.ffn)));
  w.add(a + "attention.head_count", encodeUInt32(uint32_t(o.heads)));
  w.add(a + "attention.head_count_kv", encodeUInt32(uint32_t(o.kvHeads)));
  w.add(a + "rope.dimension_count", encodeUInt32(uint32_t(headDim)));
  w.add(a + "attention.layer_norm_rms_epsilon", encodeFloat32(1e-5f));
  // Qwen2's own base; Llama 3's; llama's usual one.
  w.add(a + "rope.freq_base", encodeFloat32(o.arch == "qwen2" ? 1000000.0f
                                            : o.llama3Rope    ? kLlama3RopeBase
                                                              : 10000.0f));
  addVocabulary(w, o.vocab);

  // Each tensor draws from its own stream (the seed mixed with its index),
  // so one tensor's values do not depend on the others' sizes.
  uint64_t index = 0;
  auto seedFor = [&] { return Random{o.seed ^ (0xd1b54a32d192ed03ULL * ++index)}.next(); };
  auto matrix = [&](const std::string &name, uint64_t cols, uint64_t rows) {
    const GgmlType type =
        o.mix ? typeForTensor(*o.mix, TensorPlace{name, cols, 2, o.layers, o.tied}, o.type)
              : o.type;
    w.addTensor(name, {cols, rows}, type, randomMatrix(type, cols, seedFor()));
  };
  auto norm = [&](const std::string &name) {
    w.addTensor(name, {o.dim}, GgmlType::F32, ones());
    ++index;
  };
  if (o.llama3Rope)
    w.addTensor("rope_freqs.weight", {headDim / 2}, GgmlType::F32, llama3RopeFactors(headDim));
  matrix("token_embd.weight", o.dim, o.vocab);
  norm("output_norm.weight");
  if (!o.tied)
    matrix("output.weight", o.dim, o.vocab);
  for (uint64_t l = 0; l < o.layers; ++l) {
    std::string blk = "blk." + std::to_string(l) + ".";
    norm(blk + "attn_norm.weight");
    if (o.arch == "phi3") { // q, k and v in one matrix, in that order
      matrix(blk + "attn_qkv.weight", o.dim, o.dim + 2 * kvDim);
    } else {
      matrix(blk + "attn_q.weight", o.dim, o.dim);
      matrix(blk + "attn_k.weight", o.dim, kvDim);
      matrix(blk + "attn_v.weight", o.dim, kvDim);
    }
    if (o.arch == "qwen2")
      for (auto [name, width] : {std::pair{"attn_q.bias", o.dim}, std::pair{"attn_k.bias", kvDim},
                                 std::pair{"attn_v.bias", kvDim}})
        w.addTensor(blk + name, {width}, GgmlType::F32,
                    randomMatrix(GgmlType::F32, width, seedFor()));
    matrix(blk + "attn_output.weight", o.dim, o.dim);
    norm(blk + "ffn_norm.weight");
    if (o.arch == "phi3") { // the gate's rows, then the up projection's
      matrix(blk + "ffn_up.weight", o.dim, 2 * o.ffn);
    } else {
      matrix(blk + "ffn_gate.weight", o.dim, o.ffn);
      matrix(blk + "ffn_up.weight", o.dim, o.ffn);
    }
    matrix(blk + "ffn_down.weight", o.ffn, o.dim);
  }
  return w.writeFile(o.output);
}

} // namespace thymos::gguf_tool
