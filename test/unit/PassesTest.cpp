//===- PassesTest.cpp - canonicalize, cse and dce on whole modules ----------===//
//
// Each pass, on every example and sample module, must leave a module that
// verifies and whose printed text re-parses; canonicalize,cse,dce must reach
// a fixed point (a second run changes nothing); and the passes must stay
// linear on 100,000-op graphs. Single rewrites are covered by the lit tests
// in test/lit/passes.
//
//===----------------------------------------------------------------------===//

#include "SampleModules.h"

#include "ir/Parser.h"
#include "ir/Printer.h"
#include "passes/PassManager.h"
#include "passes/Verifier.h"

#include "llvm/Support/MemoryBuffer.h"
#include "llvm/Support/SourceMgr.h"
#include "llvm/Support/raw_ostream.h"

#include <catch2/catch.hpp>

#include <algorithm>
#include <filesystem>
#include <fstream>
#include <sstream>
#include <string>
#include <vector>

using namespace thymos;

namespace {

/// A parsed module with the SourceMgr its locations point into.
struct Parsed {
  std::unique_ptr<llvm::SourceMgr> sourceMgr = std::make_unique<llvm::SourceMgr>();
  std::string diagnostics;
  std::unique_ptr<llvm::raw_string_ostream> diagStream =
      std::make_unique<llvm::raw_string_ostream>(diagnostics);
  std::unique_ptr<DiagnosticEngine> diag =
      std::make_unique<DiagnosticEngine>(*sourceMgr, *diagStream);
  std::unique_ptr<ir::Module> module;
};

Parsed parse(const std::string &text, const std::string &name) {
  Parsed p;
  unsigned id = p.sourceMgr->AddNewSourceBuffer(
      llvm::MemoryBuffer::getMemBufferCopy(text, name), llvm::SMLoc());
  p.module = ir::parseModule(id, *p.diag);
  return p;
}

std::string print(const ir::Module &module) {
  std::string text;
  llvm::raw_string_ostream os(text);
  ir::printModule(module, os);
  os.flush();
  return text;
}

/// Runs `pipeline` (then the verifier) on `p`; false with the diagnostics in
/// p.diagnostics when anything fails.
bool runPipeline(Parsed &p, const std::string &pipeline) {
  passes::PassRegistry registry;
  passes::registerBuiltinPasses(registry);
  passes::PassManager pm(registry);
  std::string error;
  if (!pm.parsePipeline(pipeline + ",verify", error)) {
    p.diagnostics += error;
    return false;
  }
  passes::PassContext context(*p.diag);
  bool ok = pm.run(*p.module, context);
  p.diagStream->flush();
  return ok;
}

struct Input {
  std::string name;
  std::string text;
};

std::vector<Input> inputModules() {
  std::vector<Input> inputs;
  for (const auto &entry :
       std::filesystem::recursive_directory_iterator(THYMOS_EXAMPLES_DIR)) {
    if (!entry.is_regular_file() || entry.path().extension() != ".thy")
      continue;
    std::ifstream in(entry.path());
    std::stringstream text;
    text << in.rdbuf();
    inputs.push_back({entry.path().string(), text.str()});
  }
  std::sort(inputs.begin(), inputs.end(),
            [](const Input &a, const Input &b) { return a.name < b.name; });
  inputs.push_back({"every-op", test::kEveryOpModule});
  return inputs;
}

} // namespace

TEST_CASE("each simplifying pass keeps every example valid and printable", "[passes]") {
  std::vector<Input> inputs = inputModules();
  REQUIRE(inputs.size() > 1);
  for (const char *pipeline : {"canonicalize", "cse", "dce", "canonicalize,cse,dce"}) {
    for (const Input &input : inputs) {
      INFO(pipeline << " on " << input.name);
      Parsed p = parse(input.text, input.name);
      REQUIRE(p.module);
      // Examples that do not verify to begin with say nothing about a pass.
      if (!passes::verifyModule(*p.module, *p.diag))
        continue;
      bool ok = runPipeline(p, pipeline);
      INFO(p.diagnostics);
      REQUIRE(ok);
      std::string printed = print(*p.module);
      Parsed reparsed = parse(printed, input.name + " (printed)");
      INFO(printed << reparsed.diagnostics);
      REQUIRE(reparsed.module);
      REQUIRE(passes::verifyModule(*reparsed.module, *reparsed.diag));
      CHECK(print(*reparsed.module) == printed);
    }
  }
}

TEST_CASE("canonicalize, cse and dce reach a fixed point", "[passes]") {
  // A module with work for every pass, beside the examples.
  std::vector<Input> inputs = inputModules();
  inputs.push_back({"foldable", R"thy(module @m
graph @f(%x: f32[4], %n: i32[4]) -> (f32[4], i32[4]) {
  %one = const {value = 1.0} : () -> f32[]
  %two = const {value = [2.0, 2.0, 2.0, 2.0]} : () -> f32[4]
  %a = mul %x, %one : (f32[4], f32[]) -> f32[4]
  %b = mul %one, %x : (f32[], f32[4]) -> f32[4]
  %c = add %a, %b : (f32[4], f32[4]) -> f32[4]
  %d = add %b, %a : (f32[4], f32[4]) -> f32[4]
  %e = exp %two : (f32[4]) -> f32[4]
  %f = mul %c, %e : (f32[4], f32[4]) -> f32[4]
  %g = mul %d, %e : (f32[4], f32[4]) -> f32[4]
  %h = sub %f, %g : (f32[4], f32[4]) -> f32[4]
  %r1 = reshape %h : (f32[4]) -> f32[2,2]
  %r2 = reshape %r1 : (f32[2,2]) -> f32[4,1]
  %r3 = reshape %r2 : (f32[4,1]) -> f32[4]
  %zero = const {value = 0} : () -> i32[]
  %z = mul %n, %zero : (i32[4], i32[]) -> i32[4]
  %unused = neg %z : (i32[4]) -> i32[4]
  return %r3, %z
}
)thy"});
  for (const Input &input : inputs) {
    INFO(input.name);
    Parsed p = parse(input.text, input.name);
    REQUIRE(p.module);
    bool valid = passes::verifyModule(*p.module, *p.diag);
    // The module written for this test must verify; examples that do not are
    // skipped.
    if (input.name == "foldable")
      REQUIRE(valid);
    if (!valid)
      continue;
    REQUIRE(runPipeline(p, "canonicalize,cse,dce"));
    std::string once = print(*p.module);
    REQUIRE(runPipeline(p, "canonicalize,cse,dce"));
    CHECK(print(*p.module) == once);
  }
}

TEST_CASE("a folded const keeps the folded op's name and location", "[passes]") {
  Parsed p = parse(R"thy(module @m
graph @f() -> f64[] {
  %a = const {value = 2.0} : () -> f64[]
  %b = sqrt %a : (f64[]) -> f64[]
  return %b
}
)thy",
                   "fold.thy");
  REQUIRE(p.module);
  const ir::Graph &graph = *p.module->graphs()[0];
  llvm::SMLoc opLoc = graph.ops()[1]->loc();
  llvm::SMLoc resultLoc = graph.ops()[1]->result()->loc();
  REQUIRE(runPipeline(p, "canonicalize,dce"));
  REQUIRE(graph.ops().size() == 1);
  const ir::Operation &folded = *graph.ops()[0];
  CHECK(folded.kind() == ir::OpKind::Const);
  CHECK(folded.loc() == opLoc);
  CHECK(folded.result()->name() == "b");
  CHECK(folded.result()->loc() == resultLoc);
  CHECK(graph.returnValues()[0] == folded.result());
}

namespace {

/// A graph of `pairs` duplicated adds chained through a running sum: half of
/// its ops are common subexpressions, and every other one is dead after cse.
std::unique_ptr<ir::Module> largeModule(int pairs) {
  auto module = std::make_unique<ir::Module>("large");
  ir::Graph *graph = module->addGraph("f");
  ir::TensorType type(ir::DType::F32, {4});
  ir::Value *x = graph->addArgument("x", type);
  ir::Value *acc = x;
  for (int i = 0; i < pairs; ++i) {
    ir::Value *a = graph->addOp(ir::OpKind::Add, {acc, x}, {}, {type})->result();
    graph->addOp(ir::OpKind::Add, {x, acc}, {}, {type});
    acc = graph->addOp(ir::OpKind::Neg, {a}, {}, {type})->result();
  }
  graph->setResultTypes({type});
  graph->setReturn({acc});
  return module;
}

} // namespace

TEST_CASE("cse, dce and canonicalize stay linear on 100,000-op graphs", "[passes]") {
  // Quadratic passes would take minutes here; linear ones take well under a
  // second, and the test's timeout catches the difference.
  constexpr int kPairs = 34000;
  llvm::SourceMgr sourceMgr;
  std::string diagnostics;
  llvm::raw_string_ostream os(diagnostics);
  DiagnosticEngine diag(sourceMgr, os);
  std::unique_ptr<ir::Module> module = largeModule(kPairs);
  ir::Graph &graph = *module->graphs()[0];
  REQUIRE(graph.ops().size() == 3 * kPairs);
  passes::PassRegistry registry;
  passes::registerBuiltinPasses(registry);
  passes::PassContext context(diag);
  for (const char *name : {"cse", "dce", "canonicalize"}) {
    INFO(name);
    REQUIRE(registry.create(name)->run(*module, context));
    REQUIRE(passes::verifyModule(*module, diag));
  }
  // cse drops the swapped duplicate adds; canonicalize does nothing to adds
  // and negs of arguments.
  CHECK(graph.ops().size() == 2 * kPairs);
}
