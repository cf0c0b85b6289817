//===- Sampling.cpp - Synthetic data sets for demos and benchmarks -----------===//

#include "ml/Sampling.h"

#include <cmath>
#include <utility>

namespace thymos::ml {

namespace {

uint64_t splitmix64(uint64_t &x) {
  uint64_t z = (x += 0x9e3779b97f4a7c15ull);
  z = (z ^ (z >> 30)) * 0xbf58476d1ce4e5b9ull;
  z = (z ^ (z >> 27)) * 0x94d049bb133111ebull;
  return z ^ (z >> 31);
}

uint64_t rotl(uint64_t x, int k) { return (x << k) | (x >> (64 - k)); }

constexpr double kPi = 3.14159265358979323846;

} // namespace

Random::Random(uint64_t seed) {
  for (uint64_t &s : s_)
    s = splitmix64(seed);
}

uint64_t Random::next() { // xoshiro256**
  const uint64_t result = rotl(s_[1] * 5, 7) * 9;
  const uint64_t t = s_[1] << 17;
  s_[2] ^= s_[0];
  s_[3] ^= s_[1];
  s_[1] ^= s_[2];
  s_[0] ^= s_[3];
  s_[2] ^= t;
  s_[3] = rotl(s_[3], 45);
  return result;
}

double Random::uniform() { return double(next() >> 11) * 0x1.0p-53; }

double Random::normal() {
  // Box-Muller; 1 - u keeps the logarithm's argument in (0, 1].
  double u = 1.0 - uniform(), v = uniform();
  return std::sqrt(-2.0 * std::log(u)) * std::cos(2.0 * kPi * v);
}

Sample sampleUniform(int64_t n, int64_t d, uint64_t seed) {
  Random rng(seed);
  Sample s;
  s.rows = n;
  s.features = d;
  s.x.resize(static_cast<size_t>(n * d));
  for (double &v : s.x)
    v = rng.uniform();
  s.y.assign(static_cast<size_t>(n), std::nan(""));
  return s;
}

Sample sampleMoons(int64_t n, double noise, uint64_t seed) {
  Random rng(seed);
  const int64_t outer = n / 2, inner = n - outer;
  Sample s;
  s.rows = n;
  s.features = 2;
  for (int64_t i = 0; i < n; ++i) {
    const bool isOuter = i < outer;
    const int64_t k = isOuter ? i : i - outer, count = isOuter ? outer : inner;
    const double t = count > 1 ? kPi * double(k) / double(count - 1) : 0.0;
    s.x.push_back(isOuter ? std::cos(t) : 1.0 - std::cos(t));
    s.x.push_back(isOuter ? std::sin(t) : 0.5 - std::sin(t));
    s.y.push_back(isOuter ? 0.0 : 1.0);
  }
  for (double &v : s.x)
    v += noise * rng.normal();
  // Fisher-Yates shuffle of the rows.
  for (int64_t i = n - 1; i > 0; --i) {
    int64_t j = static_cast<int64_t>(rng.next() % uint64_t(i + 1));
    std::swap(s.x[2 * i], s.x[2 * j]);
    std::swap(s.x[2 * i + 1], s.x[2 * j + 1]);
    std::swap(s.y[i], s.y[j]);
  }
  return s;
}

Sample sampleFriedman1(int64_t n, double noise, uint64_t seed) {
  Random rng(seed);
  Sample s;
  s.rows = n;
  s.features = 10;
  s.x.resize(static_cast<size_t>(n * 10));
  for (int64_t i = 0; i < n; ++i) {
    double *r = s.x.data() + i * 10;
    for (int j = 0; j < 10; ++j)
      r[j] = rng.uniform();
    s.y.push_back(10.0 * std::sin(kPi * r[0] * r[1]) + 20.0 * (r[2] - 0.5) * (r[2] - 0.5) +
                  10.0 * r[3] + 5.0 * r[4] + noise * rng.normal());
  }
  return s;
}

} // namespace thymos::ml
