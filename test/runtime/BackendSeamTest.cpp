//===- BackendSeamTest.cpp - Regions, memory spaces and the backend choice ---===//
//
// A plan may say where its storage regions live (the Regions section). A plan
// without one, as every CPU plan is written, runs on the CPU backend; a region
// placed in host memory explicitly does the same; a memory space that this
// runtime does not know is refused at load with a message naming it.
//
//===----------------------------------------------------------------------===//

#include "PlanFixtures.h"

#include "codegen/PlanWriter.h"
#include "runtime/PlanDump.h"
#include "runtime/cpu/CpuBackend.h"

#include <catch2/catch.hpp>

#include <string>

using namespace thymos;
using namespace thymos::plan;

namespace {

rt::Status loadModel(const codegen::PlanModel &model, std::unique_ptr<rt::Plan> &plan) {
  return test::loadPlanModel(model, "regions.plan", plan);
}

RegionRecord region(Storage storage, uint32_t space) {
  RegionRecord r{};
  r.storage = static_cast<uint8_t>(storage);
  r.memorySpace = space;
  return r;
}

} // namespace

TEST_CASE("a plan without regions runs on the CPU backend", "[backend]") {
  codegen::PlanModel model;
  REQUIRE(test::compileExample("linreg.thy", model));
  std::unique_ptr<rt::Plan> plan;
  REQUIRE(loadModel(model, plan).ok());
  CHECK(plan->regions().empty());
  CHECK(&plan->backend() == &rt::cpuBackend());
  CHECK(std::string(plan->backend().name()) == "CPU");
  CHECK(rt::regionSpace(*plan, Storage::Arena) == MemorySpace::Host);
}

TEST_CASE("regions placed in host memory load and run", "[backend]") {
  codegen::PlanModel model;
  REQUIRE(test::compileExample("linreg.thy", model));
  model.regions = {region(Storage::Arena, 0), region(Storage::State, 0)};
  std::vector<unsigned char> bytes = codegen::writePlan(model, packVersion(0, 1, 0));
  test::Outcome o = test::loadAndRunUntrusted(bytes, "regions.plan");
  INFO(o.problem);
  CHECK(o.loaded);
  CHECK(o.problem.empty());
  // The dump names the section (it once read past its table of names).
  std::unique_ptr<rt::Plan> plan;
  REQUIRE(rt::Plan::loadFromMemory(bytes.data(), bytes.size(), "regions.plan", plan).ok());
  std::string dump;
  REQUIRE(rt::dumpPlan(*plan, bytes.data(), bytes.size(), dump).ok());
  CHECK(dump.find("Regions") != std::string::npos);
}

TEST_CASE("malformed region records are rejected", "[backend]") {
  codegen::PlanModel model;
  REQUIRE(test::compileExample("linreg.thy", model));
  std::unique_ptr<rt::Plan> plan;
  SECTION("an unknown memory space") {
    model.regions = {region(Storage::Arena, 7)};
    rt::Status s = loadModel(model, plan);
    REQUIRE_FALSE(s.ok());
    CHECK(s.message() == "regions.plan: region 0: unknown memory space 7");
  }
  SECTION("an unknown storage kind") {
    model.regions = {region(Storage::Arena, 0), region(static_cast<Storage>(9), 0)};
    rt::Status s = loadModel(model, plan);
    REQUIRE_FALSE(s.ok());
    CHECK(s.message() == "regions.plan: region 1: unknown storage kind 9");
  }
  SECTION("a region placed twice") {
    model.regions = {region(Storage::State, 0), region(Storage::State, 0)};
    rt::Status s = loadModel(model, plan);
    REQUIRE_FALSE(s.ok());
    CHECK(s.message() == "regions.plan: region 1: places storage kind 2 a second time");
  }
}
