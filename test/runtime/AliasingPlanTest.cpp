//===- AliasingPlanTest.cpp - Outputs that share bytes with their inputs ------===//
//
// A kernel reads its inputs while it writes its output. A plan whose step
// output shares arena bytes with an input feeds the kernel values that no
// check has seen: a gather whose indices lie under its output overwrote them
// with the first row it copied and then read far outside its table
// (SIGSEGV). The loader allows a shared range only for an InPlaceSafe op
// (ir/OpBase.td) and only where the output and the input coincide exactly,
// or for an UpdatesFirstOperand op (cache_write) and only its first input.
// That is also the one kind of step that may write a state tensor: the
// state that is its own first input, a KV cache updated in place.
//
//===----------------------------------------------------------------------===//

#include "PlanFixtures.h"

#include "codegen/PlanWriter.h"

#include <catch2/catch.hpp>

using namespace thymos;
using namespace thymos::plan;

namespace {

/// A module compiled from text, with its records at hand to edit.
struct SourcePlan {
  SourcePlan(const std::string &planName, const std::string &text) : name(planName) {
    REQUIRE(test::compileSource(planName, text, model));
  }

  uint32_t tensor(const std::string &tensorName) const {
    for (uint32_t t = 0; t < model.tensors.size(); ++t)
      if (model.stringAt(model.tensors[t].name) == tensorName)
        return t;
    FAIL("no tensor %" << tensorName);
    return 0;
  }

  /// Moves tensor `moved` onto the bytes of tensor `onto`.
  void placeOnto(const std::string &moved, const std::string &onto) {
    model.tensors[tensor(moved)].offset = model.tensors[tensor(onto)].offset;
  }

  std::vector<unsigned char> bytes() const { return codegen::writePlan(model, packVersion(0, 1, 0)); }

  rt::Status load(std::unique_ptr<rt::Plan> &plan) const {
    std::vector<unsigned char> b = bytes();
    return rt::Plan::loadFromMemory(b.data(), b.size(), name, plan);
  }

  /// Requires loading to fail with one line containing each of `expected`.
  void expectRejected(std::initializer_list<std::string> expected) const {
    std::unique_ptr<rt::Plan> plan;
    rt::Status s = load(plan);
    REQUIRE_FALSE(s.ok());
    INFO("message: " << s.message());
    CHECK(s.message().rfind(name + ": ", 0) == 0);
    for (const std::string &part : expected) {
      INFO("expected: " << part);
      CHECK(s.message().find(part) != std::string::npos);
    }
    CHECK(s.message().find('\n') == std::string::npos);
  }

  std::string name;
  codegen::PlanModel model;
};

const char *const kGatherF32 = R"(module @lookup
graph @embed(%ids: i32[4], %table: f32[16,64]) -> f32[4,64] {
  %rows = gather %table, %ids {axis = 0} : (f32[16,64], i32[4]) -> f32[4,64]
  return %rows
}
)";

const char *const kGatherQ4 = R"(module @lookup
graph @embed(%ids: i32[4], %table: q4_0[16,64]) -> f32[4,64] {
  %rows = gather %table, %ids {axis = 0} : (q4_0[16,64], i32[4]) -> f32[4,64]
  return %rows
}
)";

const char *const kAdd = R"(module @sum
graph @add(%a: f32[4,16], %b: f32[4,16]) -> f32[4,16] {
  %c = add %a, %b : (f32[4,16], f32[4,16]) -> f32[4,16]
  return %c
}
)";

const char *const kMatMul = R"(module @product
graph @mm(%a: f32[16,16], %b: f32[16,16]) -> f32[16,16] {
  %c = matmul %a, %b : (f32[16,16], f32[16,16]) -> f32[16,16]
  return %c
}
)";

/// The cache write is done in place: step 0 writes state tensor %kc, its
/// own first input. The rows come from another state so that a test can
/// move them into the state region.
const char *const kCacheWrite = R"(module @kv
state @kc : f32[16,2,8]
state @other : f32[16,2,8]
state @row : f32[1,2,8]
graph @decode(%pos: i32[]) -> f32[16,2,8] state(%kc = @kc, %row = @row) {
  %kc2 = cache_write %kc, %row, %pos : (f32[16,2,8], f32[1,2,8], i32[]) -> f32[16,2,8]
  update @kc = %kc2
  return %kc2
}
)";

/// An add over a state read: InPlaceSafe, but not a step that may write state.
const char *const kStateAdd = R"(module @acc
state @s : f32[4,16]
graph @step(%a: f32[4,16]) -> f32[4,16] state(%s = @s) {
  %c = add %s, %a : (f32[4,16], f32[4,16]) -> f32[4,16]
  update @s = %c
  return %c
}
)";

} // namespace

TEST_CASE("a gather whose indices lie under its output is rejected", "[aliasing]") {
  SECTION("f32 table") {
    SourcePlan p("gather-f32.plan", kGatherF32);
    p.placeOnto("ids", "rows");
    p.expectRejected({"@embed step 0 (gather): output tensor " + std::to_string(p.tensor("rows")),
                      "overlaps input 1 (tensor " + std::to_string(p.tensor("ids")),
                      "this op cannot write its result over an input"});
  }
  SECTION("q4_0 table") {
    SourcePlan p("gather-q4.plan", kGatherQ4);
    p.placeOnto("ids", "rows");
    p.expectRejected({"@embed step 0 (gather): output tensor", "overlaps input 1"});
  }
  SECTION("indices in the middle of the output") {
    SourcePlan p("gather-middle.plan", kGatherF32);
    TensorRecord &ids = p.model.tensors[p.tensor("ids")];
    ids.offset = p.model.tensors[p.tensor("rows")].offset + 3 * 64;
    p.expectRejected({"@embed step 0 (gather)", "overlaps input 1"});
  }
}

TEST_CASE("the compiled gather plans load and run", "[aliasing]") {
  for (const char *text : {kGatherF32, kGatherQ4}) {
    SourcePlan p("gather.plan", text);
    test::Outcome o = test::loadAndRunUntrusted(p.bytes(), "gather.plan");
    INFO(o.problem);
    CHECK(o.loaded);
    CHECK(o.problem.empty());
  }
}

TEST_CASE("an InPlaceSafe op may write over an input at exactly its bytes", "[aliasing]") {
  SourcePlan p("add.plan", kAdd);
  p.placeOnto("c", "a");
  std::unique_ptr<rt::Plan> plan;
  REQUIRE(p.load(plan).ok());
  std::unique_ptr<rt::Executor> executor;
  REQUIRE(rt::Executor::create(*plan, nullptr, executor).ok());
  const rt::TensorView &a = executor->view(p.tensor("a")), &b = executor->view(p.tensor("b"));
  for (int i = 0; i < 64; ++i) {
    a.as<float>()[i] = float(i);
    b.as<float>()[i] = 0.5f;
  }
  REQUIRE(executor->run(0).ok());
  const rt::TensorView &c = executor->view(p.tensor("c"));
  CHECK(c.data == a.data);
  for (int i = 0; i < 64; ++i)
    CHECK(c.as<float>()[i] == float(i) + 0.5f);
}

TEST_CASE("an InPlaceSafe op may not write over part of an input", "[aliasing]") {
  SourcePlan p("add-partial.plan", kAdd);
  // %a and %c are 256 bytes each: shift %c by 64 bytes onto %a's tail.
  TensorRecord &c = p.model.tensors[p.tensor("c")];
  c.offset = p.model.tensors[p.tensor("a")].offset + 64;
  p.expectRejected({"@add step 0 (add): output tensor", "overlaps input 0",
                    "only an input at exactly the same bytes may share them"});
}

TEST_CASE("an op that is not InPlaceSafe may not write over an input", "[aliasing]") {
  SourcePlan p("matmul.plan", kMatMul);
  p.placeOnto("c", "b");
  p.expectRejected({"@mm step 0 (matmul): output tensor", "overlaps input 1",
                    "this op cannot write its result over an input"});
}

TEST_CASE("run-time errors name the entry and the step within it", "[aliasing]") {
  // Two entries: the failing gather is step 1 of @second and step 2 of the plan.
  SourcePlan p("two.plan", R"(module @two
graph @first(%x: f32[4]) -> f32[4] {
  %y = neg %x : (f32[4]) -> f32[4]
  return %y
}
graph @second(%ids: i32[2], %table: f32[4,64]) -> f32[2,64] {
  %t = neg %table : (f32[4,64]) -> f32[4,64]
  %rows = gather %t, %ids {axis = 0} : (f32[4,64], i32[2]) -> f32[2,64]
  return %rows
}
)");
  std::unique_ptr<rt::Plan> plan;
  REQUIRE(p.load(plan).ok());
  REQUIRE(plan->steps().size() == 3);
  std::unique_ptr<rt::Executor> executor;
  REQUIRE(rt::Executor::create(*plan, nullptr, executor).ok());
  int second = plan->findEntry("second");
  REQUIRE(second >= 0);
  const uint32_t *inputs = executor->entryInputs(uint32_t(second));
  int32_t *ids = executor->view(inputs[0]).as<int32_t>();
  ids[0] = 1;
  ids[1] = 9;
  rt::Status s = executor->run(uint32_t(second));
  REQUIRE_FALSE(s.ok());
  CHECK(s.message() == "@second step 1 (gather): gather: index 9 at position 1 is out of range "
                       "for axis 0 of size 4");
}

TEST_CASE("a cache_write may write the state tensor that is its first input", "[aliasing]") {
  SourcePlan p("cache-write.plan", kCacheWrite);
  const uint32_t kc = p.tensor("kc");
  REQUIRE(p.model.steps.size() == 1);
  const plan::StepRecord &step = p.model.steps[0];
  REQUIRE(step.output == kc);
  REQUIRE(p.model.indices[step.inputStart] == kc);
  REQUIRE(p.model.entries[0].updateCount == 0);

  std::unique_ptr<rt::Plan> plan;
  REQUIRE(p.load(plan).ok());
  std::unique_ptr<rt::Executor> executor;
  REQUIRE(rt::Executor::create(*plan, nullptr, executor).ok());
  const rt::TensorView &cache = executor->view(kc), &row = executor->view(p.tensor("row"));
  for (int i = 0; i < 16; ++i)
    row.as<float>()[i] = float(i + 1);
  *executor->view(executor->entryInputs(0)[0]).as<int32_t>() = 5;
  REQUIRE(executor->run(0).ok());
  for (int i = 0; i < 16 * 16; ++i)
    CHECK(cache.as<float>()[i] == (i / 16 == 5 ? float(i % 16 + 1) : 0.0f));
}

TEST_CASE("only an UpdatesFirstOperand step may write a state tensor", "[aliasing]") {
  SECTION("an add writing the state it reads") {
    // At the state's exact bytes, which an InPlaceSafe op may share in the
    // arena: in the state region it is still refused.
    SourcePlan p("state-add.plan", kStateAdd);
    const uint32_t s = p.tensor("s");
    REQUIRE(p.model.indices[p.model.steps[0].inputStart] == s);
    p.model.steps[0].output = s;
    p.expectRejected({"@step step 0 (add): writes tensor " + std::to_string(s),
                      "which is not in the arena",
                      "only a step that rewrites part of its first input may write that "
                      "input's state tensor"});
  }
  SECTION("a cache_write writing another state") {
    SourcePlan p("cache-write-other.plan", kCacheWrite);
    const uint32_t other = p.tensor("other");
    p.model.steps[0].output = other;
    p.expectRejected({"@decode step 0 (cache_write): writes tensor " + std::to_string(other),
                      "which is not in the arena"});
  }
  SECTION("a cache_write writing the state that is its second input") {
    // @row's type made the cache's, so only the operand position is wrong.
    SourcePlan p("cache-write-rows.plan", R"(module @kv
state @kc : f32[16,2,8]
state @row : f32[16,2,8]
graph @decode(%pos: i32[]) -> f32[16,2,8] state(%kc = @kc, %row = @row) {
  %kc2 = cache_write %kc, %row, %pos : (f32[16,2,8], f32[16,2,8], i32[]) -> f32[16,2,8]
  update @kc = %kc2
  return %kc2
}
)");
    const uint32_t row = p.tensor("row");
    REQUIRE(p.model.indices[p.model.steps[0].inputStart + 1] == row);
    p.model.steps[0].output = row;
    p.expectRejected({"@decode step 0 (cache_write): writes tensor " + std::to_string(row),
                      "which is not in the arena"});
  }
  SECTION("a cache_write copying an arena cache into a state") {
    SourcePlan p("cache-write-arena.plan", R"(module @kv
state @kc : f32[16,2,8]
graph @write(%cache: f32[16,2,8], %row: f32[1,2,8], %pos: i32[]) -> f32[16,2,8] {
  %kc2 = cache_write %cache, %row, %pos : (f32[16,2,8], f32[1,2,8], i32[]) -> f32[16,2,8]
  update @kc = %kc2
  return %kc2
}
)");
    const uint32_t kc = p.tensor("kc");
    p.model.steps[0].output = kc;
    p.expectRejected({"@write step 0 (cache_write): writes tensor " + std::to_string(kc),
                      "which is not in the arena"});
  }
}

TEST_CASE("a cache_write writing its state may share bytes with no other input",
          "[aliasing]") {
  SECTION("rows inside the cache") {
    SourcePlan p("cache-write-overlap.plan", kCacheWrite);
    const uint32_t kc = p.tensor("kc"), row = p.tensor("row");
    // Row 3 of the cache, 64-byte aligned: the rows the kernel copies would
    // be overwritten while it reads them.
    p.model.tensors[row].offset = p.model.tensors[kc].offset + 3 * 64;
    p.expectRejected({"@decode step 0 (cache_write): output tensor " + std::to_string(kc) +
                          " (state bytes [0, +1024)) overlaps input 1 (tensor " +
                          std::to_string(row) + ", state bytes [192, +64))",
                      "only its first input may share them"});
  }
  SECTION("rows at the cache's first bytes") {
    SourcePlan p("cache-write-overlap-start.plan", kCacheWrite);
    p.placeOnto("row", "kc");
    p.expectRejected({"@decode step 0 (cache_write)", "overlaps input 1",
                      "only its first input may share them"});
  }
  SECTION("rows in another state do not overlap") {
    SourcePlan p("cache-write-apart.plan", kCacheWrite);
    std::unique_ptr<rt::Plan> plan;
    CHECK(p.load(plan).ok());
  }
}
