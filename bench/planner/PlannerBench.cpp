//===- PlannerBench.cpp - Arena / lower-bound ratios of the memory planner -===//
//
//   thymos-planner-bench [effort]      (default effort 1000)
//
// Prints a markdown table: per instance the lower bound, the greedy-by-size
// and strong-mode ratios arena / lower bound, and the planning times; then
// the mean and max ratios per family over more seeds. Every plan is
// validated; an invalid one aborts the run.
//
//===----------------------------------------------------------------------===//

#include "PlannerInstances.h"

#include <chrono>
#include <cstdio>
#include <cstdlib>
#include <string>

using namespace thymos;

namespace {

struct Row {
  double greedyRatio, strongRatio, greedyMs, strongMs;
  int64_t lowerBound;
  std::string method;
};

double ratio(const passes::MemoryPlan &plan) {
  return plan.lowerBoundBytes == 0 ? 1.0 : double(plan.arenaBytes) / double(plan.lowerBoundBytes);
}

passes::MemoryPlan timedPlan(const std::vector<passes::PlannerBuffer> &buffers,
                             const passes::PlannerOptions &options, double &ms) {
  auto start = std::chrono::steady_clock::now();
  passes::MemoryPlan plan = passes::planMemory(buffers, options);
  ms = std::chrono::duration<double, std::milli>(std::chrono::steady_clock::now() - start).count();
  std::string invalid =
      passes::validateMemoryPlan(buffers, plan.offsets, options.alignment, plan.arenaBytes);
  if (!invalid.empty()) {
    std::fprintf(stderr, "invalid plan (%s): %s\n", plan.method.c_str(), invalid.c_str());
    std::exit(2);
  }
  return plan;
}

Row measure(const std::vector<passes::PlannerBuffer> &buffers, int64_t effort) {
  Row row{};
  passes::PlannerOptions options;
  passes::MemoryPlan greedy = timedPlan(buffers, options, row.greedyMs);
  options.effort = effort;
  passes::MemoryPlan strong = timedPlan(buffers, options, row.strongMs);
  row.greedyRatio = ratio(greedy);
  row.strongRatio = ratio(strong);
  row.lowerBound = strong.lowerBoundBytes;
  row.method = strong.method;
  return row;
}

std::vector<passes::PlannerBuffer> makeInstance(const std::string &family, size_t n,
                                                uint64_t seed) {
  if (family == "dag")
    return bench::dagInstance(n, seed);
  if (family == "guillotine")
    return bench::guillotineInstance(n, seed);
  return bench::staggeredInstance(n, seed);
}

} // namespace

int main(int argc, char **argv) {
  int64_t effort = argc > 1 ? std::atoll(argv[1]) : 1000;
  std::printf("effort = %lld\n\n", (long long)effort);
  std::printf("| instance | buffers | lower bound | greedy ratio | greedy ms | strong ratio "
              "| strong ms | strong method |\n|---|---:|---:|---:|---:|---:|---:|---|\n");
  struct Spec { const char *family; size_t n; };
  const Spec specs[] = {{"dag", 50},         {"dag", 200},        {"dag", 1000},
                        {"dag", 5000},       {"guillotine", 20},  {"guillotine", 50},
                        {"guillotine", 100}, {"guillotine", 200}, {"staggered", 100},
                        {"staggered", 1000}, {"staggered", 5000}};
  for (const Spec &spec : specs) {
    auto buffers = makeInstance(spec.family, spec.n, 1);
    Row row = measure(buffers, effort);
    std::printf("| %s-%zu | %zu | %lld | %.4f | %.2f | %.4f | %.1f | %s |\n", spec.family,
                spec.n, buffers.size(), (long long)row.lowerBound, row.greedyRatio, row.greedyMs,
                row.strongRatio, row.strongMs, row.method.c_str());
  }

  // Family summaries over more seeds: the figures the planner's goals name.
  std::printf("\n| family (10 seeds) | greedy mean | greedy max | strong mean | strong max "
              "| strong at LB | strong ms mean |\n|---|---:|---:|---:|---:|---:|---:|\n");
  const Spec summaries[] = {{"dag", 500}, {"guillotine", 50}, {"staggered", 500}};
  for (const Spec &spec : summaries) {
    double greedySum = 0, greedyMax = 0, strongSum = 0, strongMax = 0, msSum = 0;
    int atBound = 0, seeds = 10;
    for (int seed = 1; seed <= seeds; ++seed) {
      Row row = measure(makeInstance(spec.family, spec.n, uint64_t(seed) + 100), effort);
      greedySum += row.greedyRatio;
      greedyMax = std::max(greedyMax, row.greedyRatio);
      strongSum += row.strongRatio;
      strongMax = std::max(strongMax, row.strongRatio);
      msSum += row.strongMs;
      atBound += row.strongRatio == 1.0;
    }
    std::printf("| %s-%zu | %.4f | %.4f | %.4f | %.4f | %d/%d | %.1f |\n", spec.family, spec.n,
                greedySum / seeds, greedyMax, strongSum / seeds, strongMax, atBound, seeds,
                msSum / seeds);
  }
  return 0;
}
