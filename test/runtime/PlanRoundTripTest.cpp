//===- PlanRoundTripTest.cpp - Every example survives plan.bin intact ---------===//
//
// The writer (codegen/) and the loader (runtime/) share only PlanFormat.h;
// this checks that what one writes the other reads back record for record.
//
//===----------------------------------------------------------------------===//

#include "PlanFixtures.h"

#include "codegen/PlanWriter.h"
#include "runtime/Plan.h"

#include <catch2/catch.hpp>

#include <cstdio>
#include <filesystem>

using namespace thymos;

namespace {

/// Records are plain structs without padding (PlanFormat.h's static_asserts
/// fix their sizes), so equal bytes mean equal records.
template <typename T> bool sameRecords(const std::vector<T> &a, const std::vector<T> &b) {
  return a.size() == b.size() && (a.empty() || std::memcmp(a.data(), b.data(), a.size() * sizeof(T)) == 0);
}

} // namespace

TEST_CASE("every example round-trips through plan.bin", "[roundtrip]") {
  std::vector<std::string> files = test::exampleFiles();
  REQUIRE(files.size() >= 8);
  for (const std::string &file : files) {
    SECTION(file) {
      codegen::PlanModel model;
      REQUIRE(test::compileExample(file, model));
      std::vector<unsigned char> bytes = codegen::writePlan(model, plan::packVersion(0, 1, 0));
      std::unique_ptr<rt::Plan> loaded;
      rt::Status s = rt::Plan::loadFromMemory(bytes.data(), bytes.size(), file, loaded);
      if (test::unsupportedByKernels(s)) {
        WARN("SKIPPED: " << s.message());
        return;
      }
      INFO(s.message());
      REQUIRE(s.ok());

      const plan::FileHeader &h = loaded->header();
      CHECK(h.producerVersion == plan::packVersion(0, 1, 0));
      CHECK(h.fileBytes == bytes.size());
      CHECK(h.arenaBytes == model.arenaBytes);
      CHECK(h.stateBytes == model.stateBytes);
      CHECK(loaded->strings() == model.strings);
      CHECK(sameRecords(loaded->tensors(), model.tensors));
      CHECK(sameRecords(loaded->steps(), model.steps));
      CHECK(sameRecords(loaded->indices(), model.indices));
      CHECK(sameRecords(loaded->params(), model.params));
      CHECK(sameRecords(loaded->entries(), model.entries));
      REQUIRE(!model.entries.empty());
      for (const plan::EntryRecord &e : model.entries)
        CHECK(loaded->findEntry(model.stringAt(e.name)) == &e - model.entries.data());
      // Constant data stays in the file, 64-byte aligned as if mapped.
      CHECK(reinterpret_cast<uintptr_t>(loaded->constants()) % plan::kAlignment == 0);
      if (!model.constants.empty())
        CHECK(std::memcmp(loaded->constants(), model.constants.data(), model.constants.size()) == 0);
      for (uint32_t t = 0; t < model.tensors.size(); ++t) {
        rt::TensorView type = loaded->typeOf(t);
        CHECK(static_cast<unsigned>(type.dtype) == model.tensors[t].dtype);
        CHECK(type.rank == model.tensors[t].rank);
      }
    }
  }
}

TEST_CASE("Plan::load reads a written plan file like loadFromMemory", "[roundtrip]") {
  const std::vector<unsigned char> &bytes = test::examplePlan("mlp.thy");
  std::string path =
      (std::filesystem::temp_directory_path() / "thymos-runtime-test-mlp.plan.bin").string();
  {
    std::FILE *f = std::fopen(path.c_str(), "wb");
    REQUIRE(f);
    REQUIRE(std::fwrite(bytes.data(), 1, bytes.size(), f) == bytes.size());
    std::fclose(f);
  }
  std::unique_ptr<rt::Plan> mapped, copied;
  REQUIRE(rt::Plan::load(path, mapped).ok());
  REQUIRE(rt::Plan::loadFromMemory(bytes.data(), bytes.size(), "mlp", copied).ok());
  CHECK(sameRecords(mapped->tensors(), copied->tensors()));
  CHECK(sameRecords(mapped->steps(), copied->steps()));
  CHECK(sameRecords(mapped->entries(), copied->entries()));
  std::remove(path.c_str());

  rt::Status missing = rt::Plan::load(path, mapped);
  REQUIRE_FALSE(missing.ok());
  CHECK(missing.message().find(path) != std::string::npos);
  CHECK(missing.message().find('\n') == std::string::npos);
}
