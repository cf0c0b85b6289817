// Every example graph's arena plan, checked value by value: lifetimes are
// recomputed here from the IR, independently of passes/PlanMemory.cpp, and no
// two values alive at the same step may share a byte unless one was written
// in place over the other (same buffer, and the earlier one dies no later
// than the step where the later one is born).

#include "ir/Parser.h"
#include "passes/PlanMemory.h"
#include "passes/Verifier.h"

#include "llvm/Support/FileSystem.h"
#include "llvm/Support/MemoryBuffer.h"
#include "llvm/Support/SourceMgr.h"

#include <catch2/catch.hpp>

#include <map>
#include <string>
#include <vector>

using namespace thymos;
using namespace thymos::ir;

namespace {

struct Interval {
  int64_t first, last; // steps at which the value must hold its bytes, inclusive
};

std::vector<std::string> exampleFiles() {
  std::vector<std::string> files;
  std::error_code ec;
  for (llvm::sys::fs::recursive_directory_iterator it(THYMOS_EXAMPLES_DIR, ec), end;
       it != end && !ec; it.increment(ec))
    if (llvm::StringRef(it->path()).endswith(".thy"))
      files.push_back(it->path());
  return files;
}

std::unique_ptr<Module> load(const std::string &path, llvm::SourceMgr &sm) {
  DiagnosticEngine diag(sm, llvm::nulls());
  auto module = parseModuleFile(path, diag);
  REQUIRE(module);
  REQUIRE(passes::verifyModule(*module, diag));
  return module;
}

void checkGraph(const Graph &graph, const passes::GraphMemoryPlan &plan) {
  int64_t steps = static_cast<int64_t>(plan.schedule.size());
  std::map<const Value *, Interval> live;
  for (const Value *arg : graph.arguments())
    live[arg] = {0, std::max<int64_t>(steps - 1, 0)};
  for (int64_t s = 0; s < steps; ++s) {
    const Operation *op = plan.schedule[s];
    live[op->result()] = {s, s};
    for (const Value *operand : op->operands())
      if (live.count(operand))
        live[operand].last = std::max(live[operand].last, s);
  }
  for (const Value *v : graph.returnValues())
    if (live.count(v))
      live[v].last = steps;
  for (const Graph::StateUpdate &u : graph.updates())
    if (live.count(u.value))
      live[u.value].last = steps;

  for (auto a = live.begin(); a != live.end(); ++a) {
    REQUIRE(plan.bufferOf.count(a->first));
    for (auto b = std::next(a); b != live.end(); ++b) {
      unsigned ba = plan.bufferOf.lookup(a->first), bb = plan.bufferOf.lookup(b->first);
      if (ba == bb) {
        // Written in place (possibly along a chain): one value's last step is
        // at most the step where the other is born.
        bool handOver = a->second.last <= b->second.first || b->second.last <= a->second.first;
        INFO(graph.name() << ": %" << a->first->name() << " and %" << b->first->name());
        CHECK(handOver);
        continue;
      }
      bool together = a->second.first <= b->second.last && b->second.first <= a->second.last;
      if (!together)
        continue;
      int64_t oa = plan.offsets[ba], ob = plan.offsets[bb];
      int64_t sa = a->first->type().storageBytes().value_or(0);
      int64_t sb = b->first->type().storageBytes().value_or(0);
      INFO(graph.name() << ": %" << a->first->name() << " [" << oa << ", +" << sa << ") and %"
                        << b->first->name() << " [" << ob << ", +" << sb << ")");
      CHECK((oa + sa <= ob || ob + sb <= oa));
    }
  }
  CHECK(plan.arenaBytes >= plan.lowerBoundBytes);
}

} // namespace

TEST_CASE("no two live values of an example graph share arena bytes", "[graphs]") {
  std::vector<std::string> files = exampleFiles();
  REQUIRE(files.size() >= 6);
  for (int64_t effort : {0, 50}) {
    for (const std::string &file : files) {
      llvm::SourceMgr sm;
      auto module = load(file, sm);
      for (const auto &graph : module->graphs()) {
        passes::PlannerOptions options;
        options.alignment = 64;
        options.effort = effort;
        passes::GraphMemoryPlan plan = passes::planGraphMemory(*graph, options);
        INFO(file << " @" << graph->name() << " effort " << effort);
        REQUIRE(passes::validateMemoryPlan(plan.buffers, plan.offsets, 64, plan.arenaBytes) == "");
        checkGraph(*graph, plan);
      }
    }
  }
}

TEST_CASE("in-place reuse happens where an elementwise operand dies", "[graphs]") {
  llvm::SourceMgr sm;
  sm.AddNewSourceBuffer(llvm::MemoryBuffer::getMemBuffer(R"(module @m
graph @f(%x: f32[256]) -> f32[256] {
  %a = exp %x : (f32[256]) -> f32[256]
  %b = neg %a : (f32[256]) -> f32[256]
  %c = add %b, %x : (f32[256], f32[256]) -> f32[256]
  return %c
})"),
                        llvm::SMLoc());
  DiagnosticEngine diag(sm, llvm::nulls());
  auto module = parseModule(1, diag);
  REQUIRE(module);
  const Graph &g = *module->graphs()[0];
  passes::GraphMemoryPlan plan = passes::planGraphMemory(g, {64, 0, 1});
  const auto &ops = g.ops();
  // %b overwrites %a, %c overwrites %b; %x is an argument and never overwritten.
  CHECK(plan.bufferOf.lookup(ops[1]->result()) == plan.bufferOf.lookup(ops[0]->result()));
  CHECK(plan.bufferOf.lookup(ops[2]->result()) == plan.bufferOf.lookup(ops[1]->result()));
  CHECK(plan.bufferOf.lookup(ops[0]->result()) != plan.bufferOf.lookup(g.arguments()[0]));
  CHECK(plan.inPlaceReuses == 2);
  // Two buffers of 1 KiB, both live throughout: the lower bound is reached.
  CHECK(plan.lowerBoundBytes == 2048);
  CHECK(plan.arenaBytes == 2048);
}
