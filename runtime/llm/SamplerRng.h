//===- SamplerRng.h - The sampler's portable random number generator ------===//
//
// xoshiro256** (Blackman and Vigna), its 256-bit state filled from the seed
// by splitmix64. Integer arithmetic only, so a seed gives the same stream of
// numbers on every platform and compiler; std::mt19937 would too, but the
// standard distributions on top of it do not, hence our own uniform().
//
//===----------------------------------------------------------------------===//
#pragma once

#include <cstdint>

namespace thymos::llm {

class SamplerRng {
public:
  explicit SamplerRng(uint64_t seed = 0) { reseed(seed); }

  void reseed(uint64_t seed) {
    uint64_t x = seed;
    for (uint64_t &word : state_)
      word = splitMix64(x);
  }

  // The next 64 random bits.
  uint64_t next() {
    const uint64_t result = rotl(state_[1] * 5, 7) * 9;
    const uint64_t t = state_[1] << 17;
    state_[2] ^= state_[0];
    state_[3] ^= state_[1];
    state_[1] ^= state_[2];
    state_[0] ^= state_[3];
    state_[2] ^= t;
    state_[3] = rotl(state_[3], 45);
    return result;
  }

  // Uniform in [0, 1): the top 53 bits as a double's mantissa, exact.
  double uniform() { return static_cast<double>(next() >> 11) * 0x1.0p-53; }

  // One step of splitmix64: advances x and returns its mixed value.
  static uint64_t splitMix64(uint64_t &x) {
    uint64_t z = (x += 0x9E3779B97F4A7C15ull);
    z = (z ^ (z >> 30)) * 0xBF58476D1CE4E5B9ull;
    z = (z ^ (z >> 27)) * 0x94D049BB133111EBull;
    return z ^ (z >> 31);
  }

private:
  static uint64_t rotl(uint64_t x, int k) { return (x << k) | (x >> (64 - k)); }

  uint64_t state_[4];
};

} // namespace thymos::llm
