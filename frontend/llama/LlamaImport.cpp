//===- LlamaImport.cpp - Writing the llama transformer as .thy text ----------===//

#include "frontend/llama/LlamaImport.h"

#include <cmath>
#include <cstdio>
#include <sstream>

namespace thymos::llama {

namespace {

/// A float token that reads back as exactly `value` ("10000.0", "1e-05").
std::string floatToken(double value) {
  char buffer[40];
  std::snprintf(buffer, sizeof buffer, "%.17g", value);
  std::string s = buffer;
  if (s.find_first_of(".e") == std::string::npos)
    s += ".0";
  return s;
}

std::string quoted(const std::string &s) {
  std::string out = "\"";
  for (unsigned char c : s) {
    if (c == '"' || c == '\\') {
      out += '\\';
      out += static_cast<char>(c);
    } else if (c < 0x20 || c >= 0x7f) {
      char hex[5];
      std::snprintf(hex, sizeof hex, "\\x%02x", c);
      out += hex;
    } else {
      out += static_cast<char>(c);
    }
  }
  return out + "\"";
}

std::string type(const std::string &dtype, std::initializer_list<int64_t> dims) {
  std::string s = dtype + "[";
  bool first = true;
  for (int64_t d : dims) {
    s += (first ? "" : ",") + std::to_string(d);
    first = false;
  }
  return s + "]";
}

/// A module name: general.name with anything but [A-Za-z0-9_.] made '_'.
std::string moduleName(const std::string &name) {
  std::string s;
  for (char c : name)
    s += (std::isalnum(static_cast<unsigned char>(c)) || c == '_' || c == '.') ? c : '_';
  return s.empty() ? "llama" : s;
}

/// One graph's text: the model over `tokens` tokens at a run-time position.
class GraphWriter {
public:
  GraphWriter(const LlamaModel &m, const ImportOptions &o, int64_t context, std::ostream &out)
      : m_(m), o_(o), context_(context), out_(out) {}

  void write(const char *name, int64_t tokens) {
    const int64_t t = tokens, d = m_.embedding, v = m_.vocab;
    const bool chunk = std::string(name) == kPrefillGraph;
    out_ << "\ngraph @" << name << "(%" << (chunk ? "tokens" : "token") << ": "
         << type("i32", {t}) << ", %pos: i32[]" << (chunk ? ", %last: i32[1]" : "") << ") -> "
         << type("f32", {1, v}) << " state(";
    for (int64_t i = 0; i < m_.layers; ++i)
      out_ << (i ? ", " : "") << "%blk." << i << ".k_old = @blk." << i << ".cache_k, %blk." << i
           << ".v_old = @blk." << i << ".cache_v";
    out_ << ") {\n";

    const std::string ids = chunk ? "%tokens" : "%token";
    const ModelTensor &embd = m_.tensor("token_embd.weight");
    weight("%token_embd", embd);
    if (embd.dtype == "f16" || embd.dtype == "bf16") { // gathering 16-bit rows gives
      // 16-bit rows: widen them, exactly
      out_ << "  %x.half = gather %token_embd, " << ids << " {axis = 0} : (" << typeOf(embd)
           << ", " << type("i32", {t}) << ") -> " << type(embd.dtype, {t, d}) << "\n";
      out_ << "  %x.0 = cast %x.half : (" << type(embd.dtype, {t, d}) << ") -> "
           << type("f32", {t, d}) << "\n";
    } else {
      out_ << "  %x.0 = gather %token_embd, " << ids << " {axis = 0} : (" << typeOf(embd)
           << ", " << type("i32", {t}) << ") -> " << type("f32", {t, d}) << "\n";
    }
    out_ << "  %offsets = const {value = [";
    for (int64_t i = 0; i < t; ++i)
      out_ << (i ? ", " : "") << i;
    out_ << "]} : () -> " << type("i32", {t}) << "\n";
    out_ << "  %positions = add %pos, %offsets : (i32[], " << type("i32", {t}) << ") -> "
         << type("i32", {t}) << "\n";

    if (m_.ropeFactors)
      weight("%rope_freqs", m_.tensor("rope_freqs.weight"));
    for (int64_t i = 0; i < m_.layers; ++i)
      layer(i, t);

    std::string x = "%x." + std::to_string(m_.layers);
    if (chunk) {
      out_ << "  %x.last = gather " << x << ", %last {axis = 0} : (" << type("f32", {t, d})
           << ", i32[1]) -> " << type("f32", {1, d}) << "\n";
      x = "%x.last";
    }
    weight("%output_norm", m_.tensor("output_norm.weight"));
    out_ << "  %x.norm = rmsnorm " << x << ", %output_norm {epsilon = " << eps() << "} : ("
         << type("f32", {1, d}) << ", " << type("f32", {d}) << ") -> " << type("f32", {1, d})
         << "\n";
    std::string output = "%token_embd";
    if (!m_.tiedOutput) {
      weight("%output", m_.tensor("output.weight"));
      output = "%output";
    }
    matmul("%logits", "%x.norm", output,
           m_.tensor(m_.tiedOutput ? "token_embd.weight" : "output.weight"), 1);
    for (int64_t i = 0; i < m_.layers; ++i) {
      const std::string b = "blk." + std::to_string(i);
      out_ << "  update @" << b << ".cache_k = %" << b << ".k_cache\n";
      out_ << "  update @" << b << ".cache_v = %" << b << ".v_cache\n";
    }
    out_ << "  return %logits\n}\n";
  }

private:
  std::string eps() const { return floatToken(m_.rmsEpsilon); }

  static std::string typeOf(const ModelTensor &w) {
    std::string s = w.dtype + "[";
    for (size_t i = 0; i < w.shape.size(); ++i)
      s += (i ? "," : "") + std::to_string(w.shape[i]);
    return s + "]";
  }

  void weight(const std::string &value, const ModelTensor &w) {
    out_ << "  " << value << " = gguf_tensor {file = " << quoted(o_.weightsPath)
         << ", name = " << quoted(w.name) << "} : () -> " << typeOf(w) << "\n";
  }

  /// `value` [t, heads, hd] becomes its halves interleaved: element j of
  /// the first half, then element j of the second, for each j.
  void interleaveHalves(std::string &value, int64_t t, int64_t heads, int64_t hd) {
    const std::string split = type("f32", {t, heads, 2, hd / 2}),
                      pairs = type("f32", {t, heads, hd / 2, 2}),
                      whole = type("f32", {t, heads, hd});
    out_ << "  " << value << "s = reshape " << value << " : (" << whole << ") -> " << split
         << "\n";
    out_ << "  " << value << "p = transpose " << value << "s {perm = [0, 1, 3, 2]} : (" << split
         << ") -> " << pairs << "\n";
    out_ << "  " << value << "i = reshape " << value << "p : (" << pairs << ") -> " << whole
         << "\n";
    value += "i";
  }

  struct Columns {
    std::string value;
    int64_t begin, end;
  };
  /// Slices columns [begin, end) of the [t, width] `fused` into each value.
  void columns(const std::string &fused, int64_t t, std::initializer_list<Columns> parts) {
    int64_t width = 0;
    for (const Columns &c : parts)
      width = std::max(width, c.end);
    for (const Columns &c : parts)
      out_ << "  " << c.value << " = slice " << fused << " {starts = [0, " << c.begin
           << "], ends = [" << t << ", " << c.end << "]} : (" << type("f32", {t, width})
           << ") -> " << type("f32", {t, c.end - c.begin}) << "\n";
  }

  /// `result = x · wᵀ` for a weight stored as [out, in] rows.
  void matmul(const std::string &result, const std::string &x, const std::string &w,
              const ModelTensor &weight, int64_t t) {
    const int64_t in = weight.shape[1], outDim = weight.shape[0];
    out_ << "  " << result << " = matmul " << x << ", " << w << " {transpose_b = true} : ("
         << type("f32", {t, in}) << ", " << typeOf(weight) << ") -> " << type("f32", {t, outDim})
         << "\n";
  }

  void layer(int64_t i, int64_t t) {
    const std::string b = "blk." + std::to_string(i), p = "%" + b + ".";
    const std::string x = "%x." + std::to_string(i), next = "%x." + std::to_string(i + 1);
    const int64_t d = m_.embedding, h = m_.heads, g = m_.kvHeads, hd = m_.headDim,
                  f = m_.feedForward, c = context_;
    auto w = [&](const char *suffix) -> const ModelTensor & {
      return m_.tensor(b + "." + suffix + ".weight");
    };
    out_ << "  // layer " << i << "\n";
    for (const char *name : {"attn_norm", "attn_output", "ffn_norm", "ffn_up", "ffn_down"})
      weight(p + name, w(name));
    for (const char *name : {"attn_q", "attn_k", "attn_v"})
      if (!m_.fusedQkv)
        weight(p + name, w(name));
    if (m_.fusedQkv)
      weight(p + "attn_qkv", w("attn_qkv"));
    if (!m_.fusedGateUp)
      weight(p + "ffn_gate", w("ffn_gate"));
    const std::string td = type("f32", {t, d}), vd = type("f32", {d});
    out_ << "  " << p << "n = rmsnorm " << x << ", " << p << "attn_norm {epsilon = " << eps()
         << "} : (" << td << ", " << vd << ") -> " << td << "\n";
    if (m_.fusedQkv) { // one product, then its q, k and v columns
      matmul(p + "qkv", p + "n", p + "attn_qkv", w("attn_qkv"), t);
      const int64_t widths[] = {h * hd, g * hd, g * hd};
      columns(p + "qkv", t, {{p + "q", 0, widths[0]},
                             {p + "k", widths[0], widths[0] + widths[1]},
                             {p + "v", widths[0] + widths[1], widths[0] + 2 * widths[1]}});
    } else {
      matmul(p + "q", p + "n", p + "attn_q", w("attn_q"), t);
      matmul(p + "k", p + "n", p + "attn_k", w("attn_k"), t);
      matmul(p + "v", p + "n", p + "attn_v", w("attn_v"), t);
    }
    std::string q = p + "q", k = p + "k", v = p + "v";
    if (m_.qkvBias)
      for (auto [value, name, width] : {std::tuple{&q, "attn_q", h * hd},
                                        std::tuple{&k, "attn_k", g * hd},
                                        std::tuple{&v, "attn_v", g * hd}}) {
        weight(p + name + "_b", m_.tensor(b + "." + name + ".bias"));
        const std::string tw = type("f32", {t, width});
        out_ << "  " << *value << "b = add " << *value << ", " << p << name << "_b : (" << tw
             << ", " << type("f32", {width}) << ") -> " << tw << "\n";
        *value += "b";
      }
    const std::string q3 = type("f32", {t, h, hd}), kv3 = type("f32", {t, g, hd}),
                      cache = type(o_.cacheType, {c, g, hd});
    out_ << "  " << p << "q3 = reshape " << q << " : (" << type("f32", {t, h * hd}) << ") -> "
         << q3 << "\n";
    out_ << "  " << p << "k3 = reshape " << k << " : (" << type("f32", {t, g * hd}) << ") -> "
         << kv3 << "\n";
    out_ << "  " << p << "v3 = reshape " << v << " : (" << type("f32", {t, g * hd}) << ") -> "
         << kv3 << "\n";
    std::string qIn = p + "q3", kIn = p + "k3";
    if (m_.neoxRope) {
      // NEOX rotates element i with i + hd/2. Interleaving the two halves
      // makes those pairs adjacent for `rope`; q and k are interleaved
      // alike, so their dot products, all attention reads of them, stay.
      interleaveHalves(qIn, t, h, hd);
      interleaveHalves(kIn, t, g, hd);
    }
    // Llama 3.1's frequency factors: rope_scaled, the same rotation with
    // each pair's frequency divided by its factor.
    const std::string op = m_.ropeFactors ? " = rope_scaled " : " = rope ";
    const std::string operands = m_.ropeFactors ? ", %positions, %rope_freqs" : ", %positions";
    const std::string domain =
        ", " + type("i32", {t}) +
        (m_.ropeFactors ? ", " + type("f32", {m_.rotaryDims / 2}) : std::string()) + ") -> ";
    const std::string rope = " {freq_base = " + floatToken(m_.ropeFreqBase) +
                             ", rotary_dims = " + std::to_string(m_.rotaryDims) + "} : (";
    out_ << "  " << p << "q_rot" << op << qIn << operands << rope << q3 << domain << q3 << "\n";
    out_ << "  " << p << "k_rot" << op << kIn << operands << rope << kv3 << domain << kv3
         << "\n";
    out_ << "  " << p << "k_cache = cache_write " << p << "k_old, " << p << "k_rot, %pos : ("
         << cache << ", " << kv3 << ", i32[]) -> " << cache << "\n";
    out_ << "  " << p << "v_cache = cache_write " << p << "v_old, " << p << "v3, %pos : ("
         << cache << ", " << kv3 << ", i32[]) -> " << cache << "\n";
    // ggml computes the scale in binary32: use the same number.
    double scale = static_cast<double>(1.0f / std::sqrt(static_cast<float>(hd)));
    std::string qAttend = p + "q_rot";
    if (m_.scaleQueries) { // Phi-3: q itself is scaled (rounded), then attention by 1
      out_ << "  " << p << "q_scale = const {value = " << floatToken(scale) << "} : () -> f32[]\n";
      out_ << "  " << p << "q_scaled = mul " << qAttend << ", " << p << "q_scale : (" << q3
           << ", f32[]) -> " << q3 << "\n";
      qAttend = p + "q_scaled";
      scale = 1.0;
    }
    out_ << "  " << p << "att = attention " << qAttend << ", " << p << "k_cache, " << p
         << "v_cache, %pos {scale = " << floatToken(scale) << "} : (" << q3 << ", " << cache
         << ", " << cache << ", i32[]) -> " << q3 << "\n";
    out_ << "  " << p << "att2 = reshape " << p << "att : (" << q3 << ") -> "
         << type("f32", {t, h * hd}) << "\n";
    matmul(p + "o", p + "att2", p + "attn_output", w("attn_output"), t);
    out_ << "  " << p << "h = add " << x << ", " << p << "o : (" << td << ", " << td << ") -> "
         << td << "\n";
    out_ << "  " << p << "m = rmsnorm " << p << "h, " << p << "ffn_norm {epsilon = " << eps()
         << "} : (" << td << ", " << vd << ") -> " << td << "\n";
    if (m_.fusedGateUp) { // one product: the gate's columns, then the up's
      matmul(p + "gate_up", p + "m", p + "ffn_up", w("ffn_up"), t);
      columns(p + "gate_up", t, {{p + "gate", 0, f}, {p + "up", f, 2 * f}});
    } else {
      matmul(p + "gate", p + "m", p + "ffn_gate", w("ffn_gate"), t);
      matmul(p + "up", p + "m", p + "ffn_up", w("ffn_up"), t);
    }
    const std::string tf = type("f32", {t, f});
    out_ << "  " << p << "act = silu " << p << "gate : (" << tf << ") -> " << tf << "\n";
    out_ << "  " << p << "gated = mul " << p << "act, " << p << "up : (" << tf << ", " << tf
         << ") -> " << tf << "\n";
    matmul(p + "down", p + "gated", p + "ffn_down", w("ffn_down"), t);
    out_ << "  " << next << " = add " << p << "h, " << p << "down : (" << td << ", " << td
         << ") -> " << td << "\n";
  }

  const LlamaModel &m_;
  const ImportOptions &o_;
  int64_t context_;
  std::ostream &out_;
};

} // namespace

uint64_t cacheBytesPerToken(const LlamaModel &m, const std::string &cacheType) {
  const uint64_t elements = uint64_t(m.layers) * 2 * uint64_t(m.kvHeads) * uint64_t(m.headDim);
  if (cacheType == "f32")
    return elements * 4;
  if (cacheType == "f16")
    return elements * 2;
  if (cacheType == "q8_0")
    return elements / 32 * 34;
  return 0;
}

rt::Status writeLlamaModule(const LlamaModel &m, const ImportOptions &o, std::string &text) {
  if (o.cacheType != "f32" && o.cacheType != "f16" && o.cacheType != "q8_0")
    return rt::Status::error("the cache type must be f32, f16 or q8_0, got '" + o.cacheType +
                             "'");
  if (o.cacheType == "q8_0" && m.headDim % 32 != 0)
    return rt::Status::error("a q8_0 cache needs a head dimension of whole blocks of 32; this "
                             "model's is " + std::to_string(m.headDim) + " (use f16)");
  const int64_t context = o.contextLength ? o.contextLength : m.contextLength;
  if (context < 1 || context > m.contextLength)
    return rt::Status::error("the context length must be from 1 to the model's " +
                             std::to_string(m.contextLength) + ", got " +
                             std::to_string(context));
  if (o.prefillTokens < 0 || o.prefillTokens > context)
    return rt::Status::error("the prefill chunk must be from 0 to the context length " +
                             std::to_string(context) + " tokens, got " +
                             std::to_string(o.prefillTokens));
  std::ostringstream out;
  out << "// " << m.name << ": llama, " << m.layers << " layers, embedding " << m.embedding
      << ", " << m.heads << " heads (" << m.kvHeads << " key/value) of " << m.headDim
      << ", feed-forward " << m.feedForward << ", vocabulary " << m.vocab << ", context "
      << context << ", " << o.cacheType << " key/value caches"
      << (m.tiedOutput ? ", output tied to the token embedding" : "") << ".\n";
  out << "// Imported from " << o.weightsPath << " by thymos-gguf import.\n";
  out << "module @" << moduleName(m.name) << "\n\n";
  for (int64_t i = 0; i < m.layers; ++i)
    for (const char *kv : {"k", "v"})
      out << "state @blk." << i << ".cache_" << kv << " : "
          << type(o.cacheType, {context, m.kvHeads, m.headDim}) << "\n";
  GraphWriter graphs(m, o, context, out);
  graphs.write(kDecodeGraph, 1);
  if (o.prefillTokens > 0)
    graphs.write(kPrefillGraph, o.prefillTokens);
  text = out.str();
  return rt::Status::success();
}

} // namespace thymos::llama
