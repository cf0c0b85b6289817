//===- KnnGraphTest.cpp - The weighted k-NN graph on hand-computed cases -----===//

#include "ml/KnnGraph.h"

#include <catch2/catch.hpp>

#include <cmath>

using namespace thymos::ml;

namespace {

double weight(const SparseMatrix &w, int64_t i, int64_t j) {
  for (int64_t e = w.rowStart[i]; e < w.rowStart[i + 1]; ++e)
    if (w.col[e] == j)
      return w.val[e];
  return 0.0;
}

} // namespace

TEST_CASE("k = 1 on a line: weights, halves and the tie rule", "[knn]") {
  // Points 0, 1, 3, 4. Nearest neighbours: 0 -> 1, 1 -> 0 (distance 1,
  // against 2 for the point at 3), 3 -> 4, 4 -> 3. Each chosen edge has
  // d = d_k, so its directed weight is exp(-4); an edge chosen from both
  // ends keeps exp(-4) after (W + Wᵀ)/2.
  const double x[] = {0.0, 1.0, 3.0, 4.0};
  SparseMatrix w;
  REQUIRE(buildKnnGraph(x, 4, 1, 1, w).ok());
  CHECK(w.nonZeros() == 4);
  CHECK(weight(w, 0, 1) == Approx(std::exp(-4.0)));
  CHECK(weight(w, 2, 3) == Approx(std::exp(-4.0)));
  CHECK(weight(w, 1, 2) == 0.0);

  // Point 1 of {0, 1, 2}: neighbours 0 and 2 tie at distance 1; the lower
  // index wins, so 1 -> 0 only, and 2 -> 1 is chosen from one end: 1 <-> 2
  // gets half of exp(-4).
  const double y[] = {0.0, 1.0, 2.0};
  REQUIRE(buildKnnGraph(y, 3, 1, 1, w).ok());
  CHECK(weight(w, 0, 1) == Approx(std::exp(-4.0)));
  CHECK(weight(w, 1, 2) == Approx(std::exp(-4.0) / 2));
  CHECK(weight(w, 2, 1) == Approx(std::exp(-4.0) / 2));
}

TEST_CASE("k = 2 scales by the second neighbour's distance", "[knn]") {
  // Point 0 of {0, 1, 3}: neighbours 1 (d = 1) and 3 (d = 3 = d_k), so
  // w_01 = exp(-4/9) and w_02 = exp(-4). Point 1: 0 (d = 1), 2 (d = 2 = d_k):
  // w_10 = exp(-1), w_12 = exp(-4). Point 2: 1 (d = 2), 0 (d = 3 = d_k):
  // w_21 = exp(-16/9), w_20 = exp(-4).
  const double x[] = {0.0, 1.0, 3.0};
  SparseMatrix w;
  REQUIRE(buildKnnGraph(x, 3, 1, 2, w).ok());
  CHECK(weight(w, 0, 1) == Approx((std::exp(-4.0 / 9) + std::exp(-1.0)) / 2));
  CHECK(weight(w, 0, 2) == Approx(std::exp(-4.0)));
  CHECK(weight(w, 1, 2) == Approx((std::exp(-4.0) + std::exp(-16.0 / 9)) / 2));
  for (int64_t i = 0; i < 3; ++i)
    for (int64_t j = 0; j < 3; ++j)
      CHECK(weight(w, i, j) == weight(w, j, i));
}

TEST_CASE("impossible graphs are errors", "[knn]") {
  const double x[] = {0.0, 0.0, 0.0, 1.0};
  SparseMatrix w;
  thymos::rt::Status s = buildKnnGraph(x, 4, 1, 4, w);
  CHECK(s.message() == "the k-NN graph needs 1 <= k < n (k = 4, n = 4)");
  s = buildKnnGraph(x, 4, 1, 2, w);
  CHECK(s.message() == "point 0 has 2 or more duplicates, so its k-th neighbour distance is 0");
}
