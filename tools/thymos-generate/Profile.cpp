//===- Profile.cpp - thymos-generate --profile -------------------------------===//

#include "Profile.h"

#include <algorithm>
#include <map>
#include <string>

namespace thymos::generate {

namespace {

/// "blk.12" for "blk.12.q" or "blk.12.cache_k"; the importer names every
/// value of layer N so (frontend/llama/LlamaImport.cpp).
std::string layerOf(std::string_view name) {
  if (name.substr(0, 4) != "blk.")
    return "embedding/output";
  size_t dot = name.find('.', 4);
  return std::string(name.substr(0, dot == std::string_view::npos ? name.size() : dot));
}

void printTable(std::FILE *out, const char *title, const std::map<std::string, uint64_t> &rows,
                uint64_t total, uint64_t runs) {
  std::vector<std::pair<std::string, uint64_t>> sorted(rows.begin(), rows.end());
  std::sort(sorted.begin(), sorted.end(),
            [](const auto &a, const auto &b) { return a.second > b.second; });
  std::fprintf(out, "  %s:\n", title);
  for (const auto &[name, nanos] : sorted)
    std::fprintf(out, "    %-18s %9.4f ms  %5.1f%%\n", name.c_str(),
                 double(nanos) / 1e6 / double(runs), total ? 100.0 * double(nanos) / double(total) : 0.0);
}

} // namespace

void printProfile(std::FILE *out, const rt::Plan &plan, int entry,
                  const std::vector<uint64_t> &stepNanos, uint64_t runs) {
  if (entry < 0 || runs == 0 || stepNanos.empty())
    return;
  const thymos::plan::EntryRecord &e = plan.entries()[size_t(entry)];
  std::map<std::string, uint64_t> byOp, byLayer;
  uint64_t total = 0;
  for (uint32_t k = 0; k < e.stepCount && k < stepNanos.size(); ++k) {
    const thymos::plan::StepRecord &step = plan.steps()[e.stepStart + k];
    byOp[rt::opKindName(static_cast<rt::OpKind>(step.opcode))] += stepNanos[k];
    byLayer[layerOf(plan.string(plan.tensors()[step.output].name))] += stepNanos[k];
    total += stepNanos[k];
  }
  std::fprintf(out, "profile of @%s: %llu runs, %.4f ms per run in its steps\n",
               std::string(plan.string(e.name)).c_str(), static_cast<unsigned long long>(runs),
               double(total) / 1e6 / double(runs));
  printTable(out, "by op", byOp, total, runs);
  printTable(out, "by layer", byLayer, total, runs);
}

} // namespace thymos::generate
