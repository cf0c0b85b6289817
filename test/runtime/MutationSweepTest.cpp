//===- MutationSweepTest.cpp - Many wrong records, none of them may crash -----===//
//
// Systematic edits of every step, index, param, tensor and entry of several
// examples, each resealed so that it reaches the validator and, when it
// passes, the kernels. Each variant must fail to load with one line, or load
// and run every entry without crashing (AddressSanitizer watches the
// reads and writes). Edits that keep a record self-consistent (a dtype of
// the same size, dims with the same product, another aligned offset) are
// the interesting ones: they get past the record checks and test each
// kernel's check().
//
//===----------------------------------------------------------------------===//

#include "PlanFixtures.h"

#include <catch2/catch.hpp>

#include <cmath>
#include <functional>
#include <limits>
#include <cstdio>
#include <cstdlib>
#include <random>

using namespace thymos;
using namespace thymos::plan;

namespace {

const char *const kSweptExamples[] = {"linreg.thy", "mlp.thy", "lssvr.thy", "embedding.thy",
                                      "llama_block.thy", "regression/linreg.thy",
                                      "regression/logreg.thy"};

/// Applies edits to fresh copies of one example and checks every variant.
class Sweeper {
public:
  explicit Sweeper(const std::string &file) : file_(file), valid_(test::examplePlan(file)) {}

  const test::PlanBytes &valid() const { return valid_; }

  void tryEdit(const std::string &what, const std::function<void(test::PlanBytes &)> &edit) {
    test::PlanBytes p = valid_;
    edit(p);
    p.reseal();
    ++variants_;
    test::Outcome o = test::loadAndRunUntrusted(p.bytes(), file_);
    loaded_ += o.loaded;
    if (!o.problem.empty() && problems_.size() < 20)
      problems_.push_back(what + ": " + o.problem);
  }

  void report() const {
    INFO(file_ << ": " << variants_ << " variants, " << loaded_ << " loaded and ran");
    for (const std::string &p : problems_)
      FAIL_CHECK(p);
    // THYMOS_SWEEP_STATS=1 shows how many variants got past the loader.
    if (std::getenv("THYMOS_SWEEP_STATS"))
      std::printf("%s: %llu variants, %llu loaded\n", file_.c_str(),
                  (unsigned long long)variants_, (unsigned long long)loaded_);
    CHECK(variants_ > 0);
  }

private:
  std::string file_;
  test::PlanBytes valid_;
  uint64_t variants_ = 0, loaded_ = 0;
  std::vector<std::string> problems_;
};

template <typename T> T recordOf(const test::PlanBytes &p, SectionKind kind, uint64_t i) {
  return p.template record<T>(kind, i);
}

int64_t doubleBits(double d) {
  int64_t v;
  std::memcpy(&v, &d, 8);
  return v;
}

/// Param values that break naive kernels: negative, zero, one past a rank,
/// the extremes, and IEEE specials for float params such as epsilon.
const int64_t kBadParams[] = {-1, 0, 1, 2, 3, 7, 8, 9, 63, 64, 255, 1 << 20,
                              std::numeric_limits<int64_t>::min(),
                              std::numeric_limits<int64_t>::max(),
                              doubleBits(std::nan("")), doubleBits(-1.0), doubleBits(0.0),
                              doubleBits(INFINITY)};

std::string at(const char *what, uint64_t i) { return std::string(what) + " " + std::to_string(i); }

} // namespace

TEST_CASE("every opcode on every step", "[sweep]") {
  for (const char *file : kSweptExamples) {
    SECTION(file) {
      Sweeper s(file);
      uint64_t steps = s.valid().count(SectionKind::Steps);
      for (uint64_t i = 0; i < steps; ++i)
        for (uint32_t op = 0; op <= rt::kNumOpKinds + 1; ++op)
          s.tryEdit(at("step", i) + " opcode " + std::to_string(op), [&](test::PlanBytes &p) {
            StepRecord r = recordOf<StepRecord>(p, SectionKind::Steps, i);
            r.opcode = uint16_t(op);
            p.setRecord(SectionKind::Steps, i, r);
          });
      s.report();
    }
  }
}

TEST_CASE("every step's counts, output and param range", "[sweep]") {
  for (const char *file : kSweptExamples) {
    SECTION(file) {
      Sweeper s(file);
      const test::PlanBytes &v = s.valid();
      uint64_t steps = v.count(SectionKind::Steps), tensors = v.count(SectionKind::Tensors);
      uint64_t indices = v.count(SectionKind::Indices), params = v.count(SectionKind::Params);
      for (uint64_t i = 0; i < steps; ++i) {
        StepRecord base = recordOf<StepRecord>(v, SectionKind::Steps, i);
        auto edit = [&](const std::string &what, auto change) {
          s.tryEdit(at("step", i) + " " + what, [&](test::PlanBytes &p) {
            StepRecord r = base;
            change(r);
            p.setRecord(SectionKind::Steps, i, r);
          });
        };
        for (uint32_t n : {0u, 1u, 2u, 3u, 4u, 64u, 65u, base.inputCount - 1, base.inputCount + 1})
          edit("inputCount " + std::to_string(n), [&](StepRecord &r) { r.inputCount = n; });
        for (uint64_t start = 0; start < indices; ++start)
          edit("inputStart " + std::to_string(start),
               [&](StepRecord &r) { r.inputStart = uint32_t(start); });
        for (uint64_t t = 0; t <= tensors; ++t)
          edit("output " + std::to_string(t), [&](StepRecord &r) { r.output = uint32_t(t); });
        for (uint32_t n : {0u, 1u, 2u, 3u, 4u, 8u, 9u, base.paramCount + 1})
          edit("paramCount " + std::to_string(n), [&](StepRecord &r) { r.paramCount = n; });
        for (uint64_t start = 0; start <= params; ++start)
          edit("paramStart " + std::to_string(start),
               [&](StepRecord &r) { r.paramStart = uint32_t(start); });
      }
      s.report();
    }
  }
}

TEST_CASE("every index pointing at every tensor", "[sweep]") {
  for (const char *file : kSweptExamples) {
    SECTION(file) {
      Sweeper s(file);
      const test::PlanBytes &v = s.valid();
      uint64_t indices = v.count(SectionKind::Indices), tensors = v.count(SectionKind::Tensors);
      for (uint64_t i = 0; i < indices; ++i)
        for (uint64_t t = 0; t <= tensors; ++t)
          s.tryEdit(at("index", i) + " -> tensor " + std::to_string(t), [&](test::PlanBytes &p) {
            p.setRecord<uint32_t>(SectionKind::Indices, i, uint32_t(t));
          });
      s.report();
    }
  }
}

TEST_CASE("every param set to awkward values", "[sweep]") {
  for (const char *file : kSweptExamples) {
    SECTION(file) {
      Sweeper s(file);
      uint64_t params = s.valid().count(SectionKind::Params);
      for (uint64_t i = 0; i < params; ++i)
        for (int64_t value : kBadParams)
          s.tryEdit(at("param", i) + " = " + std::to_string(value), [&](test::PlanBytes &p) {
            p.setRecord<int64_t>(SectionKind::Params, i, value);
          });
      s.report();
    }
  }
}

TEST_CASE("tensors retyped consistently", "[sweep]") {
  // Each edit keeps bytes == size(dtype, dims), so the tensor checks pass and
  // the kernels' check() must catch the mismatch.
  for (const char *file : kSweptExamples) {
    SECTION(file) {
      Sweeper s(file);
      const test::PlanBytes &v = s.valid();
      const FileHeader h = v.header();
      uint64_t tensors = v.count(SectionKind::Tensors);
      for (uint64_t i = 0; i < tensors; ++i) {
        const TensorRecord base = recordOf<TensorRecord>(v, SectionKind::Tensors, i);
        auto edit = [&](const std::string &what, auto change) {
          TensorRecord r = base;
          change(r);
          uint64_t bytes = 0;
          if (r.dtype < rt::kNumDTypes && r.rank <= kMaxRank &&
              rt::storageBytes(rt::DType(r.dtype), r.dims, r.rank, bytes))
            r.bytes = bytes;
          s.tryEdit(at("tensor", i) + " " + what, [&](test::PlanBytes &p) {
            p.setRecord(SectionKind::Tensors, i, r);
          });
        };
        for (uint8_t d = 0; d < rt::kNumDTypes; ++d)
          edit("dtype " + std::to_string(d), [&](TensorRecord &r) { r.dtype = d; });
        // Flattened, rank 0 (when a scalar), an extra unit dim, reversed dims,
        // the first dim halved or doubled.
        edit("flattened", [&](TensorRecord &r) {
          int64_t n = 1;
          for (uint32_t d = 0; d < r.rank; ++d)
            n *= r.dims[d];
          std::fill(std::begin(r.dims), std::end(r.dims), 0);
          r.rank = 1;
          r.dims[0] = n;
        });
        edit("unit dim prepended", [&](TensorRecord &r) {
          if (r.rank == kMaxRank)
            return;
          for (uint32_t d = r.rank; d > 0; --d)
            r.dims[d] = r.dims[d - 1];
          r.dims[0] = 1;
          ++r.rank;
        });
        edit("rank 0", [&](TensorRecord &r) {
          std::fill(std::begin(r.dims), std::end(r.dims), 0);
          r.rank = 0;
        });
        edit("dims reversed", [&](TensorRecord &r) { std::reverse(r.dims, r.dims + r.rank); });
        edit("first dim halved", [&](TensorRecord &r) {
          if (r.rank && r.dims[0] > 1)
            r.dims[0] /= 2;
        });
        edit("first dim doubled", [&](TensorRecord &r) {
          if (r.rank)
            r.dims[0] *= 2;
        });
        edit("last dim + 1", [&](TensorRecord &r) {
          if (r.rank)
            r.dims[r.rank - 1] += 1;
        });
        // Other storage and offsets: aliasing inside a region is allowed by
        // the format, so it must at least stay in bounds.
        for (uint8_t st = 0; st < 3; ++st)
          edit("storage " + std::to_string(st), [&](TensorRecord &r) {
            r.storage = st;
            r.offset = 0;
          });
        edit("offset 0", [&](TensorRecord &r) { r.offset = 0; });
        edit("offset at the arena's end", [&](TensorRecord &r) {
          r.offset = h.arenaBytes >= r.bytes ? (h.arenaBytes - r.bytes) / 64 * 64 : 0;
        });
      }
      s.report();
    }
  }
}

TEST_CASE("entries with shifted ranges", "[sweep]") {
  for (const char *file : kSweptExamples) {
    SECTION(file) {
      Sweeper s(file);
      const test::PlanBytes &v = s.valid();
      uint64_t entries = v.count(SectionKind::Entries), steps = v.count(SectionKind::Steps);
      uint64_t indices = v.count(SectionKind::Indices);
      for (uint64_t i = 0; i < entries; ++i) {
        const EntryRecord base = recordOf<EntryRecord>(v, SectionKind::Entries, i);
        auto edit = [&](const std::string &what, auto change) {
          s.tryEdit(at("entry", i) + " " + what, [&](test::PlanBytes &p) {
            EntryRecord r = base;
            change(r);
            p.setRecord(SectionKind::Entries, i, r);
          });
        };
        for (uint64_t a = 0; a <= steps; ++a)
          for (uint64_t n : {uint64_t(0), uint64_t(1), steps - a, steps - a + 1, uint64_t(~0u)})
            edit("steps [" + std::to_string(a) + ", +" + std::to_string(n) + ")",
                 [&](EntryRecord &r) {
                   r.stepStart = uint32_t(a);
                   r.stepCount = uint32_t(n);
                 });
        for (uint64_t a = 0; a <= indices; ++a) {
          edit("inputStart " + std::to_string(a), [&](EntryRecord &r) { r.inputStart = uint32_t(a); });
          edit("outputStart " + std::to_string(a), [&](EntryRecord &r) { r.outputStart = uint32_t(a); });
          edit("updateStart " + std::to_string(a), [&](EntryRecord &r) { r.updateStart = uint32_t(a); });
        }
        for (uint32_t n : {0u, 1u, 2u, 3u, base.inputCount + 1, 0x80000000u, ~0u}) {
          edit("inputCount " + std::to_string(n), [&](EntryRecord &r) { r.inputCount = n; });
          edit("outputCount " + std::to_string(n), [&](EntryRecord &r) { r.outputCount = n; });
          edit("updateCount " + std::to_string(n), [&](EntryRecord &r) { r.updateCount = n; });
        }
        edit("arena 0", [&](EntryRecord &r) { r.arenaBytes = 0; });
      }
      s.report();
    }
  }
}

TEST_CASE("random record edits with valid checksums", "[sweep]") {
  // Several fields at once: a fixed-seed walk over the record sections.
  for (const char *file : kSweptExamples) {
    SECTION(file) {
      Sweeper s(file);
      std::mt19937_64 rng(31337);
      const SectionKind kinds[] = {SectionKind::Tensors, SectionKind::Steps, SectionKind::Indices,
                                   SectionKind::Params, SectionKind::Entries};
      for (int round = 0; round < 1500; ++round) {
        uint64_t seed = rng();
        s.tryEdit("random edit " + std::to_string(round), [&](test::PlanBytes &p) {
          std::mt19937_64 local(seed);
          for (int k = 0; k < 1 + int(local() % 3); ++k) {
            SectionKind kind = kinds[local() % 5];
            uint64_t n = p.count(kind);
            if (n == 0)
              continue;
            uint64_t i = local() % n;
            // Small values are the ones that pass the range checks.
            uint32_t small = uint32_t(local() % 8);
            if (kind == SectionKind::Indices)
              p.setRecord<uint32_t>(kind, i, small);
            else if (kind == SectionKind::Params)
              p.setRecord<int64_t>(kind, i, int64_t(small) - 1);
            else if (kind == SectionKind::Steps) {
              StepRecord r = p.record<StepRecord>(kind, i);
              uint32_t *fields[] = {&r.inputStart, &r.inputCount, &r.output, &r.paramStart,
                                    &r.paramCount};
              *fields[local() % 5] = small;
              p.setRecord(kind, i, r);
            } else if (kind == SectionKind::Entries) {
              EntryRecord r = p.record<EntryRecord>(kind, i);
              uint32_t *fields[] = {&r.stepStart, &r.stepCount, &r.inputStart, &r.inputCount,
                                    &r.outputStart, &r.outputCount, &r.updateStart,
                                    &r.updateCount};
              *fields[local() % 8] = small;
              p.setRecord(kind, i, r);
            } else {
              TensorRecord r = p.record<TensorRecord>(kind, i);
              r.dims[local() % (r.rank ? r.rank : 1)] = small + 1;
              uint64_t bytes;
              if (r.dtype < rt::kNumDTypes && r.rank <= kMaxRank &&
                  rt::storageBytes(rt::DType(r.dtype), r.dims, r.rank, bytes))
                r.bytes = bytes;
              p.setRecord(kind, i, r);
            }
          }
        });
      }
      s.report();
    }
  }
}
