// Every ISA's tiles of dot products equal the scalar ones bit for bit: for
// random bytes with the extreme quants (-128, 127, nibbles 0 and 15) mixed
// in, scales over the whole finite f16 range, 1 to 9 activation rows and odd
// numbers of weight rows (so every micro-kernel and every leftover path
// runs). Q4_0 holds on every ISA; Q8_0 on the x86-64 ones, which keep
// DotScalar.cpp's eight lanes (NEON orders its Q8_0 sums its own way).

#include "runtime/quant/Quant.h"

#include <catch2/catch.hpp>

#include <algorithm>
#include <cstring>
#include <random>
#include <vector>

using namespace thymos::quant;

namespace {

using Bytes = std::vector<uint8_t>;

/// A quant byte: one in four an extreme (-128, 127, 0 or -1 as int8; as
/// nibbles 0 and 15 in some mix), the rest uniform.
uint8_t quantByte(std::mt19937 &rng) {
  static const uint8_t kExtremes[] = {0x80, 0x7f, 0x00, 0xff, 0x0f, 0xf0};
  if (rng() % 4 == 0)
    return kExtremes[rng() % sizeof kExtremes];
  return static_cast<uint8_t>(rng());
}

/// Blocks with random scales: any sign, every exponent up to 2^15 (none
/// infinite or NaN), subnormals included. A few blocks are all -128.
Bytes randomBlocks(std::mt19937 &rng, int64_t blocks, size_t blockBytes) {
  Bytes b(static_cast<size_t>(blocks) * blockBytes);
  for (int64_t i = 0; i < blocks; ++i) {
    uint8_t *block = &b[static_cast<size_t>(i) * blockBytes];
    const auto scale = static_cast<uint16_t>(rng() & 0xfbff);
    block[0] = static_cast<uint8_t>(scale);
    block[1] = static_cast<uint8_t>(scale >> 8);
    const bool allLowest = rng() % 16 == 0;
    for (size_t j = 2; j < blockBytes; ++j)
      block[j] = allLowest ? 0x80 : quantByte(rng);
  }
  return b;
}

bool sameBits(float a, float b) { return std::memcmp(&a, &b, sizeof a) == 0; }

struct Format {
  const char *name;
  size_t blockBytes;
  void (*tile)(const void *, size_t, int64_t, const void *, size_t, int64_t, int64_t, float *,
               int64_t, Isa, const int32_t *);
  bool everyIsa; // bit-identical on NEON too
};

const Format kFormats[] = {{"q8_0", kQ8_0BlockBytes, dotTileQ8_0Q8_0, false},
                           {"q4_0", kQ4_0BlockBytes, dotTileQ4_0Q8_0, true}};

} // namespace

TEST_CASE("every ISA's tiles equal the scalar ones bit for bit", "[quant][dot]") {
  std::mt19937 rng(2024);
  const int64_t blocks = 13, n = blocks * kBlockElems; // odd: both prefetch parities
  const int64_t maxWeightRows = 17, maxActRows = 9;
  const size_t actRowBytes = rowBytesQ8_0(n);
  const Bytes acts = randomBlocks(rng, maxActRows * blocks, kQ8_0BlockBytes);
  // With the activation sums, the VNNI Q4_0 kernels unpack eight weight rows
  // at a time for four or more activation rows: a second path to check.
  std::vector<int32_t> sums(static_cast<size_t>(maxActRows * blocks));
  for (int64_t i = 0; i < maxActRows; ++i)
    activationSumsQ8_0(&acts[static_cast<size_t>(i) * actRowBytes], n, &sums[i * blocks]);
  const int32_t *sumsData = sums.data();
  for (const Format &format : kFormats) {
    const size_t weightRowBytes = static_cast<size_t>(blocks) * format.blockBytes;
    const Bytes weights = randomBlocks(rng, maxWeightRows * blocks, format.blockBytes);
    for (Isa isa : {Isa::Avx2, Isa::Avx512Vnni, Isa::AvxVnni, Isa::Neon}) {
      if (!isaSupported(isa)) {
        WARN("skipped " << isaName(isa) << " " << format.name << ": not on this CPU");
        continue;
      }
      if (isa == Isa::Neon && !format.everyIsa)
        continue;
      for (int64_t actRows = 1; actRows <= maxActRows; ++actRows)
        for (int64_t weightRows : {1, 3, 5, 7, 9, 11, 13, 15, 17}) {
          INFO(isaName(isa) << " " << format.name << ": " << weightRows << " weight rows x "
                            << actRows << " activation rows");
          const int64_t stride = weightRows + 2; // a gap that must stay untouched
          std::vector<float> want(static_cast<size_t>(actRows * stride), -1.0f), got = want;
          format.tile(weights.data(), weightRowBytes, weightRows, acts.data(), actRowBytes,
                      actRows, n, want.data(), stride, Isa::Scalar, nullptr);
          for (const int32_t *actSums : {static_cast<const int32_t *>(nullptr), sumsData}) {
            INFO((actSums ? "with" : "without") << " the activation sums");
            std::fill(got.begin(), got.end(), -1.0f);
            format.tile(weights.data(), weightRowBytes, weightRows, acts.data(), actRowBytes,
                        actRows, n, got.data(), stride, isa, actSums);
            int64_t differ = 0;
            for (size_t k = 0; k < want.size(); ++k)
              differ += sameBits(got[k], want[k]) ? 0 : 1;
            CHECK(differ == 0);
          }
        }
    }
  }
}

TEST_CASE("rows packed in groups of eight give the row-major bits", "[quant][dot]") {
  std::mt19937 rng(77);
  const int64_t blocks = 13, n = blocks * kBlockElems, maxActRows = 9;
  const size_t actRowBytes = rowBytesQ8_0(n);
  const Bytes acts = randomBlocks(rng, maxActRows * blocks, kQ8_0BlockBytes);
  std::vector<int32_t> sums(static_cast<size_t>(maxActRows * blocks));
  for (int64_t i = 0; i < maxActRows; ++i)
    activationSumsQ8_0(&acts[static_cast<size_t>(i) * actRowBytes], n, &sums[i * blocks]);
  for (const Format &format : kFormats) {
    const bool q4 = format.everyIsa; // the q4_0 entry
    bool ran = false;
    for (Isa isa : {Isa::Avx2, Isa::Avx512Vnni, Isa::AvxVnni, Isa::Neon}) {
      if (!isaSupported(isa) || !(q4 ? q4_0GroupsPay(isa) : q8_0GroupsPay(isa)))
        continue;
      ran = true;
      for (int64_t groups : {1, 2, 3})
        for (int64_t actRows = 1; actRows <= maxActRows; ++actRows) {
          INFO(isaName(isa) << " " << format.name << ": " << groups << " groups x " << actRows
                            << " activation rows");
          const int64_t rows = 8 * groups, stride = rows + 3;
          const Bytes weights = randomBlocks(rng, rows * blocks, format.blockBytes);
          Bytes packed(weights.size());
          (q4 ? packQ4_0Groups : packQ8_0Groups)(weights.data(), rows, n, packed.data());
          std::vector<float> want(static_cast<size_t>(actRows * stride), -1.0f), got = want;
          format.tile(weights.data(), static_cast<size_t>(blocks) * format.blockBytes, rows,
                      acts.data(), actRowBytes, actRows, n, want.data(), stride, Isa::Scalar,
                      nullptr);
          if (q4)
            dotTileQ4_0Groups(packed.data(), groups, acts.data(), actRowBytes, actRows, n,
                              got.data(), stride, isa, sums.data());
          else
            dotTileQ8_0Groups(packed.data(), groups, acts.data(), actRowBytes, actRows, n,
                              got.data(), stride, isa);
          int64_t differ = 0;
          for (size_t k = 0; k < want.size(); ++k)
            differ += sameBits(got[k], want[k]) ? 0 : 1;
          CHECK(differ == 0);
        }
    }
    if (!ran)
      WARN("skipped " << format.name << ": no ISA with its grouped kernels on this CPU");
  }
}
