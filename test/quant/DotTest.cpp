// Dot products of Q8_0/Q4_0 weights with Q8_0 activations: every ISA this
// CPU runs gives the scalar block sums bit for bit (random and extreme
// bytes), the f32 results match a double-precision sum of the dequantized
// values, and the tile kernel equals one dot product per pair.

#include "runtime/quant/Quant.h"

#include <catch2/catch.hpp>

#include <cmath>
#include <random>
#include <vector>

using namespace thymos::quant;

namespace {

using Bytes = std::vector<uint8_t>;

/// Random blocks: every quant byte uniform over 0..255 (all of int8, all
/// nibbles), the scale a random normal fp16 of either sign.
Bytes randomBlocks(std::mt19937 &rng, int64_t blocks, size_t blockBytes) {
  Bytes b(static_cast<size_t>(blocks) * blockBytes);
  for (int64_t i = 0; i < blocks; ++i) {
    uint8_t *block = &b[static_cast<size_t>(i) * blockBytes];
    uint16_t scale = static_cast<uint16_t>(0x2000 + rng() % 0x2000) | (rng() % 2 ? 0x8000 : 0);
    block[0] = static_cast<uint8_t>(scale);
    block[1] = static_cast<uint8_t>(scale >> 8);
    for (size_t j = 2; j < blockBytes; ++j)
      block[j] = static_cast<uint8_t>(rng());
  }
  return b;
}

/// Overwrites the quants of every block with one byte value.
void fill(Bytes &b, size_t blockBytes, uint8_t value) {
  for (size_t i = 0; i < b.size(); ++i)
    if (i % blockBytes >= 2)
      b[i] = value;
}

std::vector<Isa> otherIsas() {
  std::vector<Isa> isas;
  for (Isa isa : {Isa::Avx2, Isa::Avx512Vnni, Isa::AvxVnni, Isa::Neon})
    if (isaSupported(isa))
      isas.push_back(isa);
  return isas;
}

void requireSameSums(const Bytes &w8, const Bytes &w4, const Bytes &acts, int64_t n) {
  const auto blocks = static_cast<size_t>(n / 32);
  std::vector<int32_t> want8(blocks), want4(blocks), got(blocks);
  blockSumsQ8_0Q8_0(w8.data(), acts.data(), n, Isa::Scalar, want8.data());
  blockSumsQ4_0Q8_0(w4.data(), acts.data(), n, Isa::Scalar, want4.data());
  for (Isa isa : otherIsas()) {
    INFO("isa " << isaName(isa));
    blockSumsQ8_0Q8_0(w8.data(), acts.data(), n, isa, got.data());
    REQUIRE(got == want8);
    blockSumsQ4_0Q8_0(w4.data(), acts.data(), n, isa, got.data());
    REQUIRE(got == want4);
  }
}

/// sum_i w_i a_i over the dequantized values, in double.
double referenceDot(const Bytes &w, bool q4, const Bytes &acts, int64_t n) {
  std::vector<float> wf(static_cast<size_t>(n)), af(static_cast<size_t>(n));
  q4 ? dequantizeRowQ4_0(w.data(), wf.data(), n) : dequantizeRowQ8_0(w.data(), wf.data(), n);
  dequantizeRowQ8_0(acts.data(), af.data(), n);
  double sum = 0;
  for (size_t i = 0; i < wf.size(); ++i)
    sum += double(wf[i]) * double(af[i]);
  return sum;
}

} // namespace

TEST_CASE("the scalar block sums follow the formats' definitions", "[quant][dot]") {
  // Weights q8 = -128 everywhere, activations -128: 32 · 16384.
  Bytes w8(34, 0x80), acts(34, 0x80), w4(18, 0x00);
  std::vector<int32_t> sums(1);
  blockSumsQ8_0Q8_0(w8.data(), acts.data(), 32, Isa::Scalar, sums.data());
  CHECK(sums[0] == 32 * 16384);
  // Q4_0 nibbles 0 mean -8: 32 · (-8) · (-128).
  blockSumsQ4_0Q8_0(w4.data(), acts.data(), 32, Isa::Scalar, sums.data());
  CHECK(sums[0] == 32 * 1024);
  // Element order: low nibble of byte 0 is element 0, high nibble element 16.
  Bytes w(18, 0x88), a(34, 0x00);
  w[2] = 0x8f; // element 0: 15 - 8 = 7
  w[3] = 0xf8; // element 17: 7
  a[2] = 3;    // element 0
  a[2 + 17] = 5;
  blockSumsQ4_0Q8_0(w.data(), a.data(), 32, Isa::Scalar, sums.data());
  CHECK(sums[0] == 7 * 3 + 7 * 5);
}

TEST_CASE("every ISA gives the scalar block sums", "[quant][dot]") {
  if (otherIsas().empty())
    WARN("only the scalar path runs on this CPU");
  std::mt19937 rng(99);
  const int64_t n = 32 * 257;
  for (int trial = 0; trial < 50; ++trial) {
    Bytes w8 = randomBlocks(rng, n / 32, kQ8_0BlockBytes);
    Bytes w4 = randomBlocks(rng, n / 32, kQ4_0BlockBytes);
    Bytes acts = randomBlocks(rng, n / 32, kQ8_0BlockBytes);
    requireSameSums(w8, w4, acts, n);
  }
  // The extremes: -128 and 127 in both operands, every nibble, all zeros.
  const int64_t one = 32;
  for (uint8_t wv : {0x80, 0x7f, 0x00, 0x81, 0xff})
    for (uint8_t av : {0x80, 0x7f, 0x00, 0x01}) {
      for (uint8_t nib : {0x00, 0xff, 0x88, 0x0f, 0xf0}) {
        Bytes w8(34, 0), w4(18, 0), acts(34, 0);
        fill(w8, 34, wv);
        fill(w4, 18, nib);
        fill(acts, 34, av);
        INFO("weight byte " << int(wv) << ", nibbles " << int(nib) << ", act " << int(av));
        requireSameSums(w8, w4, acts, one);
      }
    }
}

TEST_CASE("dot products equal the sum over dequantized values", "[quant][dot]") {
  std::mt19937 rng(5);
  const int64_t n = 32 * 64;
  for (int trial = 0; trial < 20; ++trial) {
    Bytes w8 = randomBlocks(rng, n / 32, kQ8_0BlockBytes);
    Bytes w4 = randomBlocks(rng, n / 32, kQ4_0BlockBytes);
    Bytes acts = randomBlocks(rng, n / 32, kQ8_0BlockBytes);
    for (Isa isa : {Isa::Scalar, Isa::Avx2, Isa::Avx512Vnni, Isa::AvxVnni, Isa::Neon}) {
      if (!isaSupported(isa))
        continue;
      INFO("isa " << isaName(isa));
      // The products are exact; only the f32 sum over 64 blocks rounds.
      double want8 = referenceDot(w8, false, acts, n), want4 = referenceDot(w4, true, acts, n);
      double scale8 = 0, scale4 = 0;
      for (int64_t b = 0; b < n / 32; ++b) { // sum of |block terms| bounds the rounding
        std::vector<int32_t> s(1);
        const uint8_t *ab = &acts[b * 34];
        float da = halfToFloat(uint16_t(ab[0] | ab[1] << 8));
        blockSumsQ8_0Q8_0(&w8[b * 34], ab, 32, Isa::Scalar, s.data());
        scale8 += std::fabs(s[0] * halfToFloat(uint16_t(w8[b * 34] | w8[b * 34 + 1] << 8)) * da);
        blockSumsQ4_0Q8_0(&w4[b * 18], ab, 32, Isa::Scalar, s.data());
        scale4 += std::fabs(s[0] * halfToFloat(uint16_t(w4[b * 18] | w4[b * 18 + 1] << 8)) * da);
      }
      CHECK(std::fabs(dotQ8_0Q8_0(w8.data(), acts.data(), n, isa) - want8) <= 1e-5 * scale8);
      CHECK(std::fabs(dotQ4_0Q8_0(w4.data(), acts.data(), n, isa) - want4) <= 1e-5 * scale4);
    }
  }
}

TEST_CASE("a tile is one dot product per weight row and activation row", "[quant][dot]") {
  std::mt19937 rng(11);
  const int64_t n = 32 * 9, rows = 7;
  const size_t w8Row = rowBytesQ8_0(n), w4Row = rowBytesQ4_0(n), aRow = rowBytesQ8_0(n);
  Bytes w8 = randomBlocks(rng, rows * n / 32, kQ8_0BlockBytes);
  Bytes w4 = randomBlocks(rng, rows * n / 32, kQ4_0BlockBytes);
  // One activation row takes the matvec path (weight rows four at a time,
  // then singles); six take groups of four and two activation rows. Either
  // way each result is bit-identical to the lone dot product.
  for (int64_t actRows : {1, 6}) {
    Bytes acts = randomBlocks(rng, actRows * n / 32, kQ8_0BlockBytes);
    for (Isa isa : {Isa::Scalar, Isa::Avx2, Isa::Avx512Vnni, Isa::AvxVnni, Isa::Neon}) {
      if (!isaSupported(isa))
        continue;
      INFO("isa " << isaName(isa) << ", " << actRows << " activation rows");
      const int64_t stride = rows + 3; // output rows with a gap
      std::vector<float> out8(static_cast<size_t>(actRows * stride), -1.0f), out4 = out8;
      dotTileQ8_0Q8_0(w8.data(), w8Row, rows, acts.data(), aRow, actRows, n, out8.data(),
                      stride, isa);
      dotTileQ4_0Q8_0(w4.data(), w4Row, rows, acts.data(), aRow, actRows, n, out4.data(),
                      stride, isa);
      for (int64_t i = 0; i < actRows; ++i) {
        for (int64_t r = 0; r < rows; ++r) {
          CHECK(out8[i * stride + r] == dotQ8_0Q8_0(&w8[r * w8Row], &acts[i * aRow], n, isa));
          CHECK(out4[i * stride + r] == dotQ4_0Q8_0(&w4[r * w4Row], &acts[i * aRow], n, isa));
        }
        for (int64_t r = rows; r < stride; ++r)
          CHECK(out8[i * stride + r] == -1.0f); // the gap is not written
      }
    }
  }
}

TEST_CASE("Q4_0 rows sum their blocks with one fma each, in block order", "[quant][dot]") {
  // The arithmetic of ggml's x86 Q4_0 kernels (repack.cpp, one f32 lane per
  // output): acc = fma(float(sum_b), d_w * d_a, acc) from acc = 0, with
  // sum_b the exact integer dot product of block b. Written out here from
  // the format (nibble j is element j, nibble j + 16 its high half; q - 8),
  // so it shares nothing with the kernels; every ISA must give it bit for bit.
  std::mt19937 rng(23);
  const int64_t n = 32 * 40, rows = 11;
  const size_t w4Row = rowBytesQ4_0(n), aRow = rowBytesQ8_0(n);
  Bytes w4 = randomBlocks(rng, rows * n / 32, kQ4_0BlockBytes);
  auto scale = [](const uint8_t *block) { return halfToFloat(uint16_t(block[0] | block[1] << 8)); };
  int differsFromUnfused = 0;
  // 1: the matvec path (weight rows four at a time, then the three left);
  // 5: a group of four activation rows and a single one.
  for (int64_t actRows : {1, 5}) {
    Bytes acts = randomBlocks(rng, actRows * n / 32, kQ8_0BlockBytes);
    std::vector<float> want(static_cast<size_t>(actRows * rows));
    for (int64_t i = 0; i < actRows; ++i)
      for (int64_t r = 0; r < rows; ++r) {
        float acc = 0.0f, unfused = 0.0f;
        for (int64_t b = 0; b < n / 32; ++b) {
          const uint8_t *wb = &w4[r * w4Row + b * 18], *ab = &acts[i * aRow + b * 34];
          int32_t sum = 0;
          for (int j = 0; j < 16; ++j)
            sum += ((wb[2 + j] & 0x0f) - 8) * int8_t(ab[2 + j]) +
                   ((wb[2 + j] >> 4) - 8) * int8_t(ab[2 + 16 + j]);
          const float d = scale(wb) * scale(ab);
          acc = std::fma(static_cast<float>(sum), d, acc);
          unfused += static_cast<float>(sum) * d;
        }
        want[i * rows + r] = acc;
        differsFromUnfused += acc != unfused;
      }
    for (Isa isa : {Isa::Scalar, Isa::Avx2, Isa::Avx512Vnni, Isa::AvxVnni, Isa::Neon}) {
      if (!isaSupported(isa))
        continue;
      INFO("isa " << isaName(isa) << ", " << actRows << " activation rows");
      std::vector<float> got(want.size(), -1.0f);
      dotTileQ4_0Q8_0(w4.data(), w4Row, rows, acts.data(), aRow, actRows, n, got.data(), rows,
                      isa);
      for (size_t k = 0; k < want.size(); ++k) {
        INFO("output " << k);
        CHECK(got[k] == want[k]);
      }
    }
  }
  // The inputs tell the fused chain from a multiply then add per block.
  CHECK(differsFromUnfused > 0);
}

TEST_CASE("THYMOS_QUANT_ISA names are known", "[quant][dot]") {
  CHECK(std::string(isaName(Isa::Scalar)) == "scalar");
  CHECK(std::string(isaName(Isa::Avx2)) == "avx2");
  CHECK(std::string(isaName(Isa::Neon)) == "neon");
  CHECK(std::string(isaName(Isa::Avx512Vnni)) == "avx512vnni");
  CHECK(std::string(isaName(Isa::AvxVnni)) == "avxvnni");
  CHECK(isaSupported(Isa::Scalar));
  CHECK(isaSupported(activeIsa()));
}
