// attention against a naive reference written here: the whole score matrix
// [T, H, C] with the causal mask (-inf past pos + t), a two-pass softmax
// (maximum, then exponentials and their sum) in double, and query head h
// reading key/value head h / (H / G). The kernel's single pass with a running
// maximum must agree with it; rows past pos + T - 1 must not matter at all
// (filled with NaN and huge values, the result is bit for bit the same), nor
// must a thread pool. Plus closed forms, position errors and every check().

#include "KernelTestSupport.h"

#include "runtime/PlanFormat.h"
#include "runtime/cpu/ThreadPool.h"
#include "runtime/cpu/AttentionMath.h"

#include <cmath>
#include <limits>
#include <random>

using namespace thymos::rt;
using namespace thymos::rt::test;
using Catch::Matchers::Contains;

namespace {

/// q [T, H, D] at positions pos .. pos+T-1 over caches [C, G, D].
struct Case {
  int64_t tokens, heads, kvHeads, headDim, capacity;
  int32_t pos;
  double scale;
};

template <typename T> DType dtypeOf() { return sizeof(T) == 4 ? DType::F32 : DType::F64; }

/// Independent of the kernel: every score first, masked ones -inf, then the
/// softmax of each row in two passes.
std::vector<double> naiveAttention(const Case &c, const std::vector<double> &q,
                                   const std::vector<double> &k, const std::vector<double> &v) {
  const int64_t T = c.tokens, H = c.heads, G = c.kvHeads, D = c.headDim, C = c.capacity;
  const double inf = std::numeric_limits<double>::infinity();
  std::vector<double> scores(static_cast<size_t>(T * H * C));
  auto score = [&](int64_t t, int64_t h, int64_t j) -> double & {
    return scores[static_cast<size_t>((t * H + h) * C + j)];
  };
  for (int64_t t = 0; t < T; ++t)
    for (int64_t h = 0; h < H; ++h) {
      const int64_t g = h / (H / G);
      for (int64_t j = 0; j < C; ++j) {
        if (j > c.pos + t) { // causal: query t sits at position pos + t
          score(t, h, j) = -inf;
          continue;
        }
        double dot = 0;
        for (int64_t d = 0; d < D; ++d)
          dot += q[static_cast<size_t>((t * H + h) * D + d)] *
                 k[static_cast<size_t>((j * G + g) * D + d)];
        score(t, h, j) = c.scale * dot;
      }
    }
  std::vector<double> out(static_cast<size_t>(T * H * D), 0.0);
  for (int64_t t = 0; t < T; ++t)
    for (int64_t h = 0; h < H; ++h) {
      const int64_t g = h / (H / G);
      double maxScore = -inf, sum = 0;
      for (int64_t j = 0; j < C; ++j)
        maxScore = std::max(maxScore, score(t, h, j));
      for (int64_t j = 0; j < C; ++j)
        sum += std::exp(score(t, h, j) - maxScore);
      for (int64_t j = 0; j < C; ++j) {
        const double p = std::exp(score(t, h, j) - maxScore) / sum;
        if (p == 0)
          continue; // masked (and NaN-free even if that row held NaN)
        for (int64_t d = 0; d < D; ++d)
          out[static_cast<size_t>((t * H + h) * D + d)] +=
              p * v[static_cast<size_t>((j * G + g) * D + d)];
      }
    }
  return out;
}

template <typename T> std::vector<T> uniform(size_t n, std::mt19937 &rng, double scale = 1) {
  std::uniform_real_distribution<double> dist(-scale, scale);
  std::vector<T> v(n);
  for (T &x : v)
    x = static_cast<T>(dist(rng));
  return v;
}

template <typename T> std::vector<double> widen(const std::vector<T> &v) {
  return std::vector<double>(v.begin(), v.end());
}

template <typename T>
Status attentionStatus(const Case &c, const std::vector<T> &q, const std::vector<T> &k,
                       const std::vector<T> &v, Buffer &y, ThreadPool *threads = nullptr) {
  const DType dt = dtypeOf<T>();
  Buffer bq = tensorOf(dt, {c.tokens, c.heads, c.headDim}, q);
  Buffer bk = tensorOf(dt, {c.capacity, c.kvHeads, c.headDim}, k);
  Buffer bv = tensorOf(dt, {c.capacity, c.kvHeads, c.headDim}, v);
  Buffer pos = i32({}, {c.pos});
  return runOp(OpKind::Attention, {&bq, &bk, &bv, &pos}, y, {doubleBits(c.scale)}, threads);
}

template <typename T>
std::vector<T> runAttention(const Case &c, const std::vector<T> &q, const std::vector<T> &k,
                            const std::vector<T> &v, ThreadPool *threads = nullptr) {
  Buffer y = zeros(dtypeOf<T>(), {c.tokens, c.heads, c.headDim});
  Status s = attentionStatus(c, q, k, v, y, threads);
  INFO(s.message());
  REQUIRE(s.ok());
  return y.values<T>();
}

/// Random q, k, v: the kernel against the reference within `tolerance` (of
/// the largest |v|, which bounds every result), then again with the rows past
/// pos + T - 1 poisoned and with two threads, both bit for bit the same.
template <typename T> void checkCase(const Case &c, double tolerance) {
  INFO("T " << c.tokens << ", H " << c.heads << ", G " << c.kvHeads << ", D " << c.headDim
            << ", C " << c.capacity << ", pos " << c.pos << ", scale " << c.scale);
  std::mt19937 rng(static_cast<unsigned>(c.pos * 131 + c.tokens * 17 + c.heads));
  const size_t rowSize = static_cast<size_t>(c.kvHeads * c.headDim);
  std::vector<T> q = uniform<T>(static_cast<size_t>(c.tokens * c.heads * c.headDim), rng, 2);
  std::vector<T> k = uniform<T>(static_cast<size_t>(c.capacity) * rowSize, rng, 2);
  std::vector<T> v = uniform<T>(static_cast<size_t>(c.capacity) * rowSize, rng);

  std::vector<double> want = naiveAttention(c, widen(q), widen(k), widen(v));
  std::vector<T> got = runAttention(c, q, k, v);
  REQUIRE(got.size() == want.size());
  for (size_t i = 0; i < got.size(); ++i) {
    INFO("element " << i);
    CHECK(std::abs(double(got[i]) - want[i]) <= tolerance);
  }

  // Rows no query may see: NaN keys and huge values would show in any sum
  // they entered.
  const size_t firstUnseen = static_cast<size_t>(c.pos + c.tokens) * rowSize;
  std::vector<T> kPoisoned = k, vPoisoned = v;
  for (size_t i = firstUnseen; i < k.size(); ++i) {
    kPoisoned[i] = i % 2 ? std::numeric_limits<T>::quiet_NaN() : std::numeric_limits<T>::max();
    vPoisoned[i] = i % 3 ? std::numeric_limits<T>::quiet_NaN() : -std::numeric_limits<T>::max();
  }
  CHECK(runAttention(c, q, kPoisoned, vPoisoned) == got);

  ThreadPool pool(2);
  CHECK(runAttention(c, q, k, v, &pool) == got);
}

} // namespace

TEST_CASE("attention decodes one token at several positions", "[attention]") {
  // T = 1: the query at position pos sees rows 0 .. pos; GQA 8 heads over 2.
  for (int32_t pos : {0, 1, 5, 10, 11}) {
    checkCase<double>({1, 8, 2, 16, 12, pos, 0.25}, 1e-13);
    checkCase<float>({1, 8, 2, 16, 12, pos, 0.25}, 1e-6);
  }
}

TEST_CASE("attention prefills several tokens causally", "[attention]") {
  // Query t sees rows 0 .. pos + t only, also the rows this prefill wrote.
  for (int32_t pos : {0, 3, 8}) {
    checkCase<double>({4, 8, 2, 16, 12, pos, 0.25}, 1e-13);
    checkCase<float>({4, 8, 2, 16, 12, pos, 0.25}, 1e-6);
  }
  // The whole cache at once.
  checkCase<double>({12, 4, 4, 8, 12, 0, 0.35}, 1e-13);
  // Enough work (64 queries x 48 rows x 64 dims) that two threads share it.
  checkCase<double>({8, 8, 2, 64, 80, 40, 0.125}, 1e-13);
  checkCase<float>({8, 8, 2, 64, 80, 40, 0.125}, 1e-6);
}

TEST_CASE("attention with one key/value head per query head and with one for all",
          "[attention]") {
  for (int32_t pos : {0, 6}) {
    checkCase<double>({3, 4, 4, 8, 10, pos, 0.5}, 1e-13); // H = G
    checkCase<float>({3, 4, 4, 8, 10, pos, 0.5}, 1e-6);
    checkCase<double>({3, 6, 1, 8, 10, pos, 0.5}, 1e-13); // G = 1 (multi-query)
    checkCase<double>({2, 8, 2, 64, 10, pos, 0.125}, 1e-13);
  }
}

TEST_CASE("attention's scale multiplies the scores", "[attention]") {
  for (double scale : {0.0, 0.01, 1.0, 3.0, -0.5}) {
    checkCase<double>({2, 4, 2, 8, 6, 2, scale}, 1e-13);
    checkCase<float>({2, 4, 2, 8, 6, 2, scale}, 1e-6);
  }
  // Scores hundreds apart (scale 1000 on q·k of a few units), whose exp
  // overflows binary64: the running maximum is subtracted before exp.
  checkCase<double>({2, 2, 1, 8, 6, 1, 1000.0}, 1e-12);
  checkCase<float>({2, 2, 1, 8, 6, 1, -1000.0}, 1e-6);
}

// The vector loops take eight (values) and four (keys) elements and two keys
// at a time, and up to four query heads: head sizes, group sizes and key
// counts around those widths reach every remainder path.
TEST_CASE("attention with sizes off the vector widths", "[attention]") {
  for (int64_t D : {1, 3, 4, 5, 6, 12, 13, 70})
    for (int64_t group : {1, 2, 3, 5}) {
      checkCase<float>({1, 2 * group, 2, D, 140, 130, 0.3}, 1e-6);
      checkCase<float>({3, group, 1, D, 140, 64, 0.3}, 1e-6);
      checkCase<double>({2, group, 1, D, 70, 63, 0.3}, 1e-13);
    }
}

TEST_CASE("attention at the largest head dimension", "[attention]") {
  const int64_t D = thymos::plan::kMaxAttentionHeadDim;
  checkCase<double>({2, 2, 1, D, 3, 1, 1.0 / 32}, 1e-12);
  checkCase<float>({1, 1, 1, D, 2, 1, 1.0 / 32}, 1e-6);
}

TEST_CASE("attention in closed form", "[attention]") {
  const Case first{1, 4, 2, 3, 5, 0, 0.7};
  // Position 0 sees only row 0: the softmax of one score is 1, the result is
  // that row of v exactly, for any q and k.
  std::vector<double> q{1, 2, 3, -1, -2, -3, 9, 9, 9, 0, 0, 0};
  std::vector<double> k(30, 1.5), v(30);
  for (size_t i = 0; i < v.size(); ++i)
    v[i] = 0.25 * static_cast<double>(i);
  std::vector<double> got = runAttention(first, q, k, v);
  // Heads 0, 1 read key/value head 0 (v[0..2]); heads 2, 3 read head 1 (v[3..5]).
  CHECK(got == std::vector<double>{0, 0.25, 0.5, 0, 0.25, 0.5, 0.75, 1, 1.25, 0.75, 1, 1.25});

  // All keys equal: every visible score is the same, so query t averages the
  // value rows 0 .. pos + t.
  const Case equal{2, 2, 1, 2, 6, 2, 0.5};
  std::vector<double> qe{1, -4, 3, 2, 0.5, 0.5, -7, 1};
  std::vector<double> ke(12, 0.3), ve(12);
  for (size_t j = 0; j < 6; ++j) {
    ve[2 * j] = double(j);
    ve[2 * j + 1] = 10.0 * double(j);
  }
  got = runAttention(equal, qe, ke, ve);
  const double mean0 = (0 + 1 + 2) / 3.0, mean1 = (0 + 1 + 2 + 3) / 4.0;
  const double want[] = {mean0, 10 * mean0, mean0, 10 * mean0,
                         mean1, 10 * mean1, mean1, 10 * mean1};
  for (size_t i = 0; i < 8; ++i)
    CHECK(got[i] == Approx(want[i]).epsilon(1e-15));
}

TEST_CASE("attention's first query of a prefill is the decode at that position",
          "[attention]") {
  // Query 0 of a prefill at pos must not see the rows written for queries
  // 1 .. T-1 (positions pos+1 ..): it equals a decode step at pos.
  std::mt19937 rng(3);
  const Case prefill{4, 4, 2, 8, 10, 3, 0.3}, decode{1, 4, 2, 8, 10, 3, 0.3};
  std::vector<float> q = uniform<float>(4 * 4 * 8, rng, 2);
  std::vector<float> k = uniform<float>(10 * 2 * 8, rng, 2), v = uniform<float>(10 * 2 * 8, rng);
  std::vector<float> all = runAttention(prefill, q, k, v);
  std::vector<float> q0(q.begin(), q.begin() + 32);
  std::vector<float> first = runAttention(decode, q0, k, v);
  CHECK(std::vector<float>(all.begin(), all.begin() + 32) == first);
}

TEST_CASE("attention refuses positions outside the cache before writing", "[attention]") {
  const std::pair<Case, std::string> bad[] = {
      {{1, 2, 1, 4, 8, -1, 0.5},
       "attention: rows -1 .. -1 lie outside the cache's 8 rows (positions 0 .. 7)"},
      {{1, 2, 1, 4, 8, 8, 0.5},
       "attention: rows 8 .. 8 lie outside the cache's 8 rows (positions 0 .. 7)"},
      {{3, 2, 1, 4, 8, 6, 0.5},
       "attention: rows 6 .. 8 lie outside the cache's 8 rows (positions 0 .. 7)"},
      {{3, 2, 1, 4, 8, INT32_MAX, 0.5},
       "attention: rows 2147483647 .. 2147483649 lie outside the cache's 8 rows (positions 0 "
       ".. 7)"},
      {{3, 2, 1, 4, 8, INT32_MIN, 0.5},
       "attention: rows -2147483648 .. -2147483646 lie outside the cache's 8 rows (positions 0 "
       ".. 7)"},
  };
  for (const auto &[c, message] : bad) {
    std::vector<float> q(static_cast<size_t>(c.tokens * 8), 1.0f), kv(32, 1.0f);
    Buffer y = f32({c.tokens, 2, 4}, std::vector<float>(static_cast<size_t>(c.tokens * 8), -9.0f));
    CHECK(errorOf(attentionStatus(c, q, kv, kv, y)) == message);
    CHECK(y.values<float>() == std::vector<float>(static_cast<size_t>(c.tokens * 8), -9.0f));
  }
  // The last position that fits.
  runAttention<float>({3, 2, 1, 4, 8, 5, 0.5}, std::vector<float>(24, 1.0f),
                      std::vector<float>(32, 1.0f), std::vector<float>(32, 1.0f));
}

TEST_CASE("attention check() failures", "[attention][check]") {
  auto F32 = DType::F32;
  auto q = shapeOnly(F32, {4, 8, 16}), kv = shapeOnly(F32, {12, 2, 16});
  auto pos = shapeOnly(DType::I32, {});
  const std::vector<int64_t> params{doubleBits(0.25)};
  auto check = [&](std::vector<TensorView> in, const TensorView &out, std::vector<int64_t> p) {
    return errorOf(checkViews(OpKind::Attention, in, out, p));
  };
  CHECK(check({q, kv, kv, pos}, q, params).empty());
  CHECK(check({shapeOnly(F32, {12, 2, 16}), kv, kv, pos}, shapeOnly(F32, {12, 2, 16}), params)
            .empty()); // T == C, H == G

  CHECK(check({q, kv, kv}, q, params) == "attention: expected 4 inputs, got 3");
  CHECK(check({q, kv, kv, pos}, q, {}) == "attention: expected 1 params, got 0");
  // No key/value heads at all: refused before anything divides by their count.
  CHECK(check({q, shapeOnly(F32, {12, 0, 16}), shapeOnly(F32, {12, 0, 16}), pos}, q, params) ==
        "attention: input #1 [12,0,16] has dimension 1 of size 0, expected > 0");
  const std::pair<DType, const char *> unsupported[] = {
      {DType::F16, "f16"}, {DType::BF16, "bf16"}, {DType::I32, "i32"}, {DType::I8, "i8"}};
  for (const auto &[bad, name] : unsupported) {
    auto qb = shapeOnly(bad, {4, 8, 16}), kvb = shapeOnly(bad, {12, 2, 16});
    CHECK(check({qb, kvb, kvb, pos}, qb, params) ==
          std::string("attention: q has element type ") + name +
              ", which this kernel does not support");
  }
  CHECK_THAT(check({shapeOnly(DType::Q8_0, {4, 8, 32}), shapeOnly(DType::Q8_0, {12, 2, 32}),
                    shapeOnly(DType::Q8_0, {12, 2, 32}), pos},
                   shapeOnly(DType::F32, {4, 8, 32}), params),
             Contains("block-quantized types are not supported"));
  CHECK(check({shapeOnly(F32, {4, 128}), kv, kv, pos}, shapeOnly(F32, {4, 128}), params) ==
        "attention: q must have rank 3 (tokens, heads, head dimension), got f32[4,128]");

  const std::string kvMust = "attention: k and v must be caches [positions, key/value heads, 16] "
                             "of q's element type (f16 or q8_0, with whole blocks of 32, for an "
                             "f32 q), got ";
  CHECK(check({q, shapeOnly(F32, {12, 32}), kv, pos}, q, params) ==
        kvMust + "f32[12,32] and f32[12,2,16]");
  CHECK(check({q, shapeOnly(DType::F64, {12, 2, 16}), shapeOnly(DType::F64, {12, 2, 16}), pos},
              q, params) == kvMust + "f64[12,2,16] and f64[12,2,16]");
  CHECK(check({q, shapeOnly(F32, {12, 2, 8}), shapeOnly(F32, {12, 2, 8}), pos}, q, params) ==
        kvMust + "f32[12,2,8] and f32[12,2,8]");
  CHECK(check({q, kv, shapeOnly(F32, {11, 2, 16}), pos}, q, params) ==
        kvMust + "f32[12,2,16] and f32[11,2,16]");
  CHECK(check({q, kv, shapeOnly(F32, {12, 1, 16}), pos}, q, params) ==
        kvMust + "f32[12,2,16] and f32[12,1,16]");
  CHECK(check({q, kv, shapeOnly(DType::F64, {12, 2, 16}), pos}, q, params) ==
        kvMust + "f32[12,2,16] and f64[12,2,16]");

  CHECK(check({q, shapeOnly(F32, {12, 3, 16}), shapeOnly(F32, {12, 3, 16}), pos}, q, params) ==
        "attention: q's 8 heads are not a multiple of the cache's 3 key/value heads");
  CHECK(check({q, shapeOnly(F32, {12, 16, 16}), shapeOnly(F32, {12, 16, 16}), pos}, q, params) ==
        "attention: q's 8 heads are not a multiple of the cache's 16 key/value heads");

  const int64_t maxD = thymos::plan::kMaxAttentionHeadDim;
  auto qd = [&](int64_t d) { return shapeOnly(F32, {1, 1, d}); };
  auto kvd = [&](int64_t d) { return shapeOnly(F32, {2, 1, d}); };
  CHECK(check({qd(maxD), kvd(maxD), kvd(maxD), pos}, qd(maxD), params).empty());
  CHECK(check({qd(maxD + 1), kvd(maxD + 1), kvd(maxD + 1), pos}, qd(maxD + 1), params) ==
        "attention: the head dimension 1025 is more than 1024");

  CHECK(check({shapeOnly(F32, {13, 8, 16}), kv, kv, pos}, shapeOnly(F32, {13, 8, 16}), params) ==
        "attention: q has more tokens than the cache has positions");
  CHECK(check({q, kv, kv, shapeOnly(DType::I32, {4})}, q, params) ==
        "attention: pos must be a scalar i32[], got i32[4]");
  CHECK(check({q, kv, kv, shapeOnly(F32, {})}, q, params) ==
        "attention: pos must be a scalar i32[], got f32[]");
  for (double bad : {HUGE_VAL, -HUGE_VAL, std::nan("")})
    CHECK(check({q, kv, kv, pos}, q, {doubleBits(bad)}) ==
          "attention: scale must be a finite number");
  CHECK(check({q, kv, kv, pos}, shapeOnly(DType::F64, {4, 8, 16}), params) ==
        "attention: result f64[4,8,16] should have q's type f32[4,8,16]");
  CHECK(check({q, kv, kv, pos}, shapeOnly(F32, {4, 2, 16}), params) ==
        "attention: result f32[4,2,16] should have q's type f32[4,8,16]");
}

TEST_CASE("attention's AVX-512 loops give the AVX2 loops' bits", "[attention][isa]") {
  using namespace thymos::rt::attention;
  const HeadKernels avx2 = headKernelsUpTo(HeadKernelLevel::Avx2);
  const HeadKernels best = headKernelsUpTo(HeadKernelLevel::Best);
  if (best.scoreF32 == avx2.scoreF32)
    WARN("this CPU has no AVX-512F: the comparison is of the AVX2 loops with themselves");
  std::mt19937 rng(11);
  const int64_t dims[] = {3, 8, 36, 64, 68, 128, kMaxDim};
  const int64_t keyCounts[] = {1, 2, 5, 17, kKeysPerChunk};
  for (int64_t heads = 1; heads <= kHeadsTogether; ++heads)
    for (int64_t dim : dims)
      for (int64_t keys : keyCounts) {
        const int64_t stride = dim + 4;
        std::vector<float> k = uniform<float>(size_t(keys * stride), rng);
        std::vector<float> v = uniform<float>(size_t(keys * stride), rng, 3);
        static QueryRows q, accA, accB;
        static ChunkScores w, scoresA, scoresB;
        std::vector<double> qv = uniform<double>(size_t(kHeadsTogether * kMaxDim), rng);
        for (int64_t h = 0; h < kHeadsTogether; ++h)
          for (int64_t d = 0; d < kMaxDim; ++d) {
            q[h][d] = qv[size_t(h * kMaxDim + d)];
            accA[h][d] = accB[h][d] = q[h][d] * 0.5;
          }
        for (int64_t h = 0; h < kHeadsTogether; ++h)
          for (int64_t j = 0; j < kKeysPerChunk; ++j)
            w[h][j] = std::uniform_real_distribution<double>(0, 1)(rng);
        const Chunk<float> c{q, heads, k.data(), v.data(), stride, keys, keys, dim};
        avx2.scoreF32(c, 0.125, scoresA);
        best.scoreF32(c, 0.125, scoresB);
        avx2.accumulateF32(c, w, accA);
        best.accumulateF32(c, w, accB);
        INFO("heads " << heads << ", dim " << dim << ", keys " << keys);
        for (int64_t h = 0; h < heads; ++h) {
          CHECK(std::memcmp(scoresA[h], scoresB[h], sizeof(double) * size_t(keys)) == 0);
          CHECK(std::memcmp(accA[h], accB[h], sizeof(double) * size_t(dim)) == 0);
        }
      }
}
