//===- PlanCorruptionTest.cpp - Damaged plan files never crash the runtime ----===//
//
// The runtime treats plan.bin as untrusted input. Every damaged variant of a
// valid plan (truncated, bytes flipped, garbage written over it) must either
// fail to load with a one-line message or load, run every entry, and stay in
// bounds; run under AddressSanitizer this is where a missing check shows.
//
// Plain damage mostly stops at a checksum. The "resealed" variants recompute
// the checksums after damaging the bytes, so they reach the record checks.
//
//===----------------------------------------------------------------------===//

#include "PlanFixtures.h"

#include <catch2/catch.hpp>

#include <cstdio>
#include <cstdlib>
#include <random>

using namespace thymos;

namespace {

// Plans with every kind of record: constants (regression/linreg, lssvr),
// state and several entries (regression/logreg), quantized types
// (embedding), many step kinds (llama_block).
const char *const kCorruptedExamples[] = {"linreg.thy", "mlp.thy", "lssvr.thy", "embedding.thy",
                                          "llama_block.thy", "regression/linreg.thy",
                                          "regression/logreg.thy"};

/// Collects problems so that one failure names the variant and the rest of
/// the sweep still runs.
struct Sweep {
  explicit Sweep(std::string f) : file(std::move(f)) {}

  std::string file;
  uint64_t variants = 0, loaded = 0;
  std::vector<std::string> problems;

  void check(const std::vector<unsigned char> &bytes, const std::string &what) {
    ++variants;
    test::Outcome o = test::loadAndRunUntrusted(bytes, file);
    loaded += o.loaded;
    if (!o.problem.empty() && problems.size() < 20)
      problems.push_back(what + ": " + o.problem);
  }

  void report() {
    INFO(file << ": " << variants << " variants, " << loaded << " loaded");
    for (const std::string &p : problems)
      FAIL_CHECK(p);
    // THYMOS_SWEEP_STATS=1 shows how many variants got past the loader.
    if (std::getenv("THYMOS_SWEEP_STATS"))
      std::printf("%s: %llu variants, %llu loaded\n", file.c_str(),
                  (unsigned long long)variants, (unsigned long long)loaded);
    CHECK(variants > 0);
  }
};

/// Lengths at which to cut a plan: all of them for small plans, otherwise
/// the first 512 and every 7th after.
std::vector<size_t> cutPoints(size_t size) {
  std::vector<size_t> cuts;
  for (size_t n = 0; n < size; n += (size <= 8192 || n < 512) ? 1 : 7)
    cuts.push_back(n);
  return cuts;
}

/// The byte range of the sections' contents (everything after the table):
/// damage there, resealed, reaches the record validator. The header is left
/// alone because a resealed header may legitimately ask for a huge arena.
std::pair<size_t, size_t> sectionBytes(const test::PlanBytes &p) {
  size_t begin = sizeof(plan::FileHeader) + p.header().sectionCount * sizeof(plan::SectionEntry);
  return {begin, p.bytes().size()};
}

} // namespace

TEST_CASE("a truncated plan fails to load with one line", "[corrupt]") {
  for (const char *file : kCorruptedExamples) {
    SECTION(file) {
      const std::vector<unsigned char> &valid = test::examplePlan(file);
      Sweep sweep(file);
      for (size_t n : cutPoints(valid.size())) {
        std::vector<unsigned char> cut(valid.begin(), valid.begin() + n);
        std::unique_ptr<rt::Plan> plan;
        rt::Status s = rt::Plan::loadFromMemory(cut.data(), cut.size(), file, plan);
        // The header records the file size, so no prefix may load.
        if (s.ok())
          FAIL_CHECK(file << " cut to " << n << " bytes loaded");
        sweep.check(cut, "cut to " + std::to_string(n));
      }
      sweep.report();
      CHECK(sweep.loaded == 0);
    }
  }
}

TEST_CASE("a truncated plan with a consistent header and checksums", "[corrupt]") {
  // The header claims the shorter size and every checksum matches, so the
  // loader must find the sections that now lie outside the file.
  for (const char *file : kCorruptedExamples) {
    SECTION(file) {
      const std::vector<unsigned char> &valid = test::examplePlan(file);
      Sweep sweep(file);
      for (size_t n : cutPoints(valid.size())) {
        if (n < sizeof(plan::FileHeader))
          continue;
        test::PlanBytes p(std::vector<unsigned char>(valid.begin(), valid.begin() + n));
        plan::FileHeader h = p.header();
        h.fileBytes = n;
        p.setHeader(h);
        p.reseal();
        sweep.check(p.bytes(), "resealed cut to " + std::to_string(n));
      }
      sweep.report();
    }
  }
}

TEST_CASE("single flipped bytes are detected or harmless", "[corrupt]") {
  for (const char *file : kCorruptedExamples) {
    SECTION(file) {
      const std::vector<unsigned char> &valid = test::examplePlan(file);
      std::mt19937_64 rng(20240611);
      Sweep sweep(file);
      for (int i = 0; i < 3000; ++i) {
        std::vector<unsigned char> bytes = valid;
        size_t at = rng() % bytes.size();
        bytes[at] ^= static_cast<unsigned char>(1 + rng() % 255);
        sweep.check(bytes, "byte " + std::to_string(at) + " flipped");
      }
      sweep.report();
    }
  }
}

TEST_CASE("multi-byte garbage is detected or harmless", "[corrupt]") {
  for (const char *file : kCorruptedExamples) {
    SECTION(file) {
      const std::vector<unsigned char> &valid = test::examplePlan(file);
      std::mt19937_64 rng(77);
      Sweep sweep(file);
      for (int i = 0; i < 1000; ++i) {
        std::vector<unsigned char> bytes = valid;
        size_t at = rng() % bytes.size();
        size_t n = 1 + rng() % 64;
        for (size_t k = at; k < at + n && k < bytes.size(); ++k)
          bytes[k] = static_cast<unsigned char>(rng());
        sweep.check(bytes, std::to_string(n) + " garbage bytes at " + std::to_string(at));
      }
      sweep.report();
    }
  }
}

TEST_CASE("flipped record bytes with valid checksums are rejected or harmless", "[corrupt]") {
  for (const char *file : kCorruptedExamples) {
    SECTION(file) {
      const std::vector<unsigned char> &valid = test::examplePlan(file);
      std::mt19937_64 rng(4242);
      Sweep sweep(file);
      auto [begin, end] = sectionBytes(test::PlanBytes(valid));
      REQUIRE(begin < end);
      for (int i = 0; i < 3000; ++i) {
        test::PlanBytes p(valid);
        std::vector<unsigned char> bytes = p.bytes();
        size_t at = begin + rng() % (end - begin);
        // Half single-bit flips (an index off by a power of two), half bytes.
        bytes[at] ^= i % 2 ? static_cast<unsigned char>(1u << rng() % 8)
                           : static_cast<unsigned char>(1 + rng() % 255);
        test::PlanBytes damaged(std::move(bytes));
        damaged.reseal();
        sweep.check(damaged.bytes(), "resealed, byte " + std::to_string(at) + " flipped");
      }
      sweep.report();
    }
  }
}

TEST_CASE("garbage over the section table with valid checksums", "[corrupt]") {
  // The table says where every section lies; the loader must bound each one.
  for (const char *file : kCorruptedExamples) {
    SECTION(file) {
      const std::vector<unsigned char> &valid = test::examplePlan(file);
      std::mt19937_64 rng(9001);
      Sweep sweep(file);
      const size_t table = sizeof(plan::FileHeader);
      const size_t tableBytes = test::PlanBytes(valid).header().sectionCount *
                                sizeof(plan::SectionEntry);
      for (int i = 0; i < 1000; ++i) {
        std::vector<unsigned char> bytes = valid;
        size_t at = table + rng() % tableBytes;
        size_t n = 1 + rng() % 8;
        for (size_t k = at; k < at + n && k < table + tableBytes; ++k)
          bytes[k] = i % 3 ? static_cast<unsigned char>(rng()) : 0xff;
        test::PlanBytes damaged(std::move(bytes));
        damaged.reseal();
        sweep.check(damaged.bytes(), "resealed table, " + std::to_string(n) + " bytes at " +
                                         std::to_string(at));
      }
      sweep.report();
    }
  }
}
