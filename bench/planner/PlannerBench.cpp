//===- PlannerBench.cpp - Arena / lower-bound ratios of the memory planner -===//
//
//   thymos-planner-bench [effort] [--time-limit S] [--instances DIR]
//
// Prints markdown tables: per generated instance the lower bound, the
// greedy-by-size and strong-mode (the given effort, default 1000) ratios
// arena / lower bound with the planning times; the mean and max ratios per
// family over more seeds; and with --time-limit, the strongest mode on
// instances with a known optimum (generated guillotine cuts) and on every
// lifetimes CSV in DIR (e.g. MiniMalloc's "challenging" set, whose file
// names carry the capacity its authors packed them in). Every plan is
// validated; an invalid one aborts the run.
//
//===----------------------------------------------------------------------===//

#include "PlannerCsv.h"
#include "PlannerInstances.h"

#include <algorithm>
#include <chrono>
#include <cstdio>
#include <cstdlib>
#include <cstring>
#include <filesystem>
#include <fstream>
#include <sstream>
#include <string>

using namespace thymos;

namespace {

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

passes::MemoryPlan planWith(const std::vector<passes::PlannerBuffer> &buffers, int64_t effort,
                            double timeLimit, double &ms) {
  passes::PlannerOptions options;
  options.effort = effort;
  options.timeLimitSeconds = timeLimit;
  return timedPlan(buffers, options, ms);
}

std::vector<passes::PlannerBuffer> makeInstance(const std::string &family, size_t n,
                                                uint64_t seed) {
  if (family == "dag")
    return bench::dagInstance(n, seed);
  if (family == "guillotine")
    return bench::guillotineInstance(n, seed);
  return bench::staggeredInstance(n, seed);
}

void effortTables(int64_t effort) {
  std::printf("## Effort %lld\n\n", (long long)effort);
  std::printf("| instance | buffers | lower bound | greedy ratio | greedy ms | strong ratio "
              "| strong ms | strong method |\n|---|---:|---:|---:|---:|---:|---:|---|\n");
  struct Spec { const char *family; size_t n; };
  const Spec specs[] = {{"dag", 50},         {"dag", 200},        {"dag", 1000},
                        {"dag", 5000},       {"guillotine", 20},  {"guillotine", 50},
                        {"guillotine", 100}, {"guillotine", 200}, {"staggered", 100},
                        {"staggered", 1000}, {"staggered", 5000}};
  for (const Spec &spec : specs) {
    auto buffers = makeInstance(spec.family, spec.n, 1);
    double greedyMs, strongMs;
    passes::MemoryPlan greedy = planWith(buffers, 0, 0, greedyMs);
    passes::MemoryPlan strong = planWith(buffers, effort, 0, strongMs);
    std::printf("| %s-%zu | %zu | %lld | %.4f | %.2f | %.4f | %.1f | %s |\n", spec.family,
                spec.n, buffers.size(), (long long)strong.lowerBoundBytes, ratio(greedy),
                greedyMs, ratio(strong), strongMs, strong.method.c_str());
  }

  std::printf("\n| family (10 seeds) | greedy mean | greedy max | strong mean | strong max "
              "| strong at LB | strong ms mean |\n|---|---:|---:|---:|---:|---:|---:|\n");
  const Spec summaries[] = {{"dag", 500}, {"guillotine", 50}, {"staggered", 500}};
  for (const Spec &spec : summaries) {
    double greedySum = 0, greedyMax = 0, strongSum = 0, strongMax = 0, msSum = 0, ms;
    int atBound = 0, seeds = 10;
    for (int seed = 1; seed <= seeds; ++seed) {
      auto buffers = makeInstance(spec.family, spec.n, uint64_t(seed) + 100);
      double greedy = ratio(planWith(buffers, 0, 0, ms));
      double strong = ratio(planWith(buffers, effort, 0, ms));
      greedySum += greedy;
      greedyMax = std::max(greedyMax, greedy);
      strongSum += strong;
      strongMax = std::max(strongMax, strong);
      msSum += ms;
      atBound += strong == 1.0;
    }
    std::printf("| %s-%zu | %.4f | %.4f | %.4f | %.4f | %d/%d | %.1f |\n", spec.family, spec.n,
                greedySum / seeds, greedyMax, strongSum / seeds, strongMax, atBound, seeds,
                msSum / seeds);
  }
}

struct Named {
  std::string name;
  std::vector<passes::PlannerBuffer> buffers;
  int64_t known = 0; ///< a capacity known to fit (the optimum when generated), 0 if none
};

std::vector<Named> csvInstances(const std::string &dir) {
  std::vector<std::filesystem::path> paths;
  for (const auto &entry : std::filesystem::directory_iterator(dir))
    if (entry.path().extension() == ".csv")
      paths.push_back(entry.path());
  std::sort(paths.begin(), paths.end());
  std::vector<Named> named;
  for (const auto &path : paths) {
    std::ifstream in(path);
    std::stringstream text;
    text << in.rdbuf();
    plan::CsvParseResult parsed = plan::parsePlannerCsv(text.str());
    if (!parsed.errors.empty()) {
      std::fprintf(stderr, "%s:%zu:%zu: %s\n", path.c_str(), parsed.errors[0].line,
                   parsed.errors[0].column, parsed.errors[0].message.c_str());
      std::exit(1);
    }
    // "A.1048576.csv": the capacity the benchmark's authors packed it in.
    std::string stem = path.stem().string();
    size_t dot = stem.rfind('.');
    int64_t known = dot == std::string::npos ? 0 : std::atoll(stem.c_str() + dot + 1);
    named.push_back({path.filename().string(), std::move(parsed.buffers), known});
  }
  return named;
}

void strongestTable(double timeLimit, int64_t effort, const std::string &dir) {
  std::vector<Named> instances;
  for (size_t n : {50, 100, 200})
    for (uint64_t seed = 1; seed <= 3; ++seed)
      instances.push_back({"guillotine-" + std::to_string(n) + "/" + std::to_string(seed),
                           bench::guillotineInstance(n, seed), int64_t(1) << 20});
  if (!dir.empty())
    for (Named &named : csvInstances(dir))
      instances.push_back(std::move(named));

  std::printf("\n## The strongest mode: --time-limit %g s\n\n", timeLimit);
  std::printf("| instance | buffers | lower bound | greedy ratio | effort %lld ratio | strongest "
              "ratio | seconds | optimal | arena / known |\n"
              "|---|---:|---:|---:|---:|---:|---:|---|---:|\n",
              (long long)effort);
  double sum = 0, worst = 0, sumSeconds = 0;
  int optimal = 0;
  for (const Named &named : instances) {
    double ms;
    double greedy = ratio(planWith(named.buffers, 0, 0, ms));
    double strong = ratio(planWith(named.buffers, effort, 0, ms));
    passes::MemoryPlan best = planWith(named.buffers, 0, timeLimit, ms);
    bool proven = best.arenaBytes == best.provenBoundBytes;
    char known[32] = "-";
    if (named.known > 0)
      std::snprintf(known, sizeof known, "%.4f", double(best.arenaBytes) / double(named.known));
    std::printf("| %s | %zu | %lld | %.4f | %.4f | %.4f | %.2f | %s | %s |\n",
                named.name.c_str(), named.buffers.size(), (long long)best.lowerBoundBytes,
                greedy, strong, ratio(best), ms / 1000, proven ? "yes" : "-", known);
    sum += ratio(best);
    worst = std::max(worst, ratio(best));
    sumSeconds += ms / 1000;
    optimal += proven;
  }
  std::printf("\n%zu instances: strongest mode mean ratio %.4f, max %.4f, %d proven optimal, "
              "mean %.2f s\n",
              instances.size(), sum / double(instances.size()), worst, optimal,
              sumSeconds / double(instances.size()));
}

} // namespace

int main(int argc, char **argv) {
  int64_t effort = 1000;
  double timeLimit = 0;
  std::string dir;
  for (int i = 1; i < argc; ++i) {
    if (!std::strcmp(argv[i], "--time-limit") && i + 1 < argc)
      timeLimit = std::atof(argv[++i]);
    else if (!std::strcmp(argv[i], "--instances") && i + 1 < argc)
      dir = argv[++i];
    else if (argv[i][0] != '-')
      effort = std::atoll(argv[i]);
    else {
      std::fprintf(stderr, "usage: thymos-planner-bench [effort] [--time-limit S] "
                           "[--instances DIR]\n");
      return 1;
    }
  }
  effortTables(effort);
  if (timeLimit > 0)
    strongestTable(timeLimit, effort, dir);
  return 0;
}
