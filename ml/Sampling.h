//===- Sampling.h - Synthetic data sets for demos and benchmarks -------------===//
//
// Deterministic generators with their own generator (splitmix64 seeding
// xoshiro256**) and Box-Muller normals, so a seed gives the same points on
// every platform and standard library:
//
//   uniform   n points uniform in the unit cube [0,1]^d
//   moons     two interleaving half circles (outer: (cos t, sin t), inner:
//             (1 - cos t, 1/2 - sin t), t evenly spaced in [0, π]) plus
//             N(0, noise²) on each coordinate, rows shuffled; target 0/1
//   friedman1 x uniform in [0,1]^10, y = 10 sin(π x1 x2) + 20 (x3 - 1/2)²
//             + 10 x4 + 5 x5 + N(0, noise²) (Friedman 1991)
//
//===----------------------------------------------------------------------===//
#pragma once

#include <cstdint>
#include <vector>

namespace thymos::ml {

class Random {
public:
  explicit Random(uint64_t seed);
  uint64_t next();
  double uniform(); ///< in [0, 1), 53 random bits
  double normal();  ///< standard normal

private:
  uint64_t s_[4];
};

/// Rows of features with the target last, as the CSV files have them.
struct Sample {
  int64_t rows = 0, features = 0;
  std::vector<double> x, y;
};

Sample sampleUniform(int64_t n, int64_t d, uint64_t seed);
Sample sampleMoons(int64_t n, double noise, uint64_t seed);
Sample sampleFriedman1(int64_t n, double noise, uint64_t seed);

} // namespace thymos::ml
