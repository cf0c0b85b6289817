//===- AliasingPlanTest.cpp - Outputs that share bytes with their inputs ------===//
//
// A kernel reads its inputs while it writes its output. A plan whose step
// output shares arena bytes with an input feeds the kernel values that no
// check has seen: a gather whose indices lie under its output overwrote them
// with the first row it copied and then read far outside its table
// (SIGSEGV). The loader allows a shared range only for an InPlaceSafe op
// (ir/OpBase.td) and only where the output and the input coincide exactly.
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
