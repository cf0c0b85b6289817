//===- MalformedPlanTest.cpp - Wrong records behind valid checksums ----------===//
//
// A plan written by a buggy or hostile producer has correct checksums and
// wrong records. Each case here edits one field of a compiled example,
// reseals the file, and requires the loader to reject it with a one-line
// message that names the problem. (MutationSweepTest.cpp tries many more
// edits and only requires that nothing crashes.)
//
//===----------------------------------------------------------------------===//

#include "PlanFixtures.h"

#include "codegen/PlanWriter.h"

#include <catch2/catch.hpp>

#include <functional>
#include <limits>

using namespace thymos;
using namespace thymos::plan;

namespace {

/// A compiled example, its loaded records (to look things up by name) and
/// a copy of its bytes to edit.
struct Fixture {
  explicit Fixture(const std::string &file) : bytes(test::examplePlan(file)) {
    const std::vector<unsigned char> &valid = test::examplePlan(file);
    REQUIRE(rt::Plan::loadFromMemory(valid.data(), valid.size(), file, plan).ok());
  }

  uint32_t tensor(const std::string &name, Storage storage = Storage::Arena) const {
    for (uint32_t t = 0; t < plan->tensors().size(); ++t)
      if (plan->string(plan->tensors()[t].name) == name &&
          plan->tensors()[t].storage == uint8_t(storage))
        return t;
    FAIL("no tensor %" << name);
    return 0;
  }
  uint32_t firstStep(rt::OpKind op) const {
    for (uint32_t s = 0; s < plan->steps().size(); ++s)
      if (plan->steps()[s].opcode == uint16_t(op))
        return s;
    FAIL("no step " << rt::opKindName(op));
    return 0;
  }

  TensorRecord tensorRecord(uint32_t t) { return bytes.record<TensorRecord>(SectionKind::Tensors, t); }
  void setTensor(uint32_t t, const TensorRecord &r) { bytes.setRecord(SectionKind::Tensors, t, r); }
  StepRecord step(uint32_t s) { return bytes.record<StepRecord>(SectionKind::Steps, s); }
  void setStep(uint32_t s, const StepRecord &r) { bytes.setRecord(SectionKind::Steps, s, r); }
  EntryRecord entry(uint32_t e) { return bytes.record<EntryRecord>(SectionKind::Entries, e); }
  void setEntry(uint32_t e, const EntryRecord &r) { bytes.setRecord(SectionKind::Entries, e, r); }

  std::unique_ptr<rt::Plan> plan;
  test::PlanBytes bytes;
};

/// Reseals `f`'s bytes and requires loading them to fail with a one-line
/// message containing each of `expected`.
void expectRejected(Fixture &f, std::initializer_list<std::string> expected) {
  f.bytes.reseal();
  const std::vector<unsigned char> &bytes = f.bytes.bytes();
  std::unique_ptr<rt::Plan> plan;
  rt::Status s = rt::Plan::loadFromMemory(bytes.data(), bytes.size(), "bad.plan", plan);
  REQUIRE_FALSE(s.ok());
  INFO("message: " << s.message());
  CHECK(s.message().rfind("bad.plan: ", 0) == 0);
  for (const std::string &part : expected) {
    INFO("expected: " << part);
    CHECK(s.message().find(part) != std::string::npos);
  }
  CHECK(s.message().find('\n') == std::string::npos);
}

void expectRejected(Fixture &f, const std::string &expected) { expectRejected(f, {expected}); }

constexpr uint64_t kHuge = uint64_t(1) << 63;

} // namespace

TEST_CASE("malformed tensor records are rejected", "[malformed]") {
  Fixture f("linreg.thy");
  const uint32_t x = f.tensor("x");
  TensorRecord t = f.tensorRecord(x);

  SECTION("misaligned offset") {
    t.offset += 1;
    f.setTensor(x, t);
    expectRejected(f, "tensor " + std::to_string(x) + ": bytes [" + std::to_string(t.offset) +
                          ", +1024) are misaligned");
  }
  SECTION("offset past the arena") {
    t.offset = f.plan->header().arenaBytes / 64 * 64;
    f.setTensor(x, t);
    expectRejected(f, "outside its region of " + std::to_string(f.plan->header().arenaBytes));
  }
  SECTION("offset that wraps around") {
    t.offset = ~uint64_t(63);
    f.setTensor(x, t);
    expectRejected(f, "misaligned or outside its region");
  }
  SECTION("zero dimension") {
    t.dims[0] = 0;
    f.setTensor(x, t);
    expectRejected(f, "dimension 0 is 0, outside [1, 2^40]");
  }
  SECTION("negative dimension") {
    t.dims[1] = -4;
    f.setTensor(x, t);
    expectRejected(f, "dimension 1 is -4");
  }
  SECTION("dimension beyond 2^40") {
    t.dims[0] = (int64_t(1) << 40) + 1;
    f.setTensor(x, t);
    expectRejected(f, "outside [1, 2^40]");
  }
  SECTION("dims whose product overflows") {
    t.rank = 4;
    t.dims[0] = t.dims[1] = t.dims[2] = t.dims[3] = int64_t(1) << 20;
    f.setTensor(x, t);
    expectRejected(f, "does not match its f32 type");
  }
  SECTION("dims that disagree with bytes") {
    t.dims[0] = 32;
    f.setTensor(x, t);
    expectRejected(f, "records 1024 bytes, which does not match its f32 type");
  }
  SECTION("bytes that disagree with dims") {
    t.bytes += 4;
    f.setTensor(x, t);
    expectRejected(f, "records 1028 bytes");
  }
  SECTION("unknown dtype") {
    t.dtype = rt::kNumDTypes;
    f.setTensor(x, t);
    expectRejected(f, "unknown dtype code " + std::to_string(rt::kNumDTypes));
  }
  SECTION("dtype of another size") {
    t.dtype = uint8_t(rt::DType::F64);
    f.setTensor(x, t);
    expectRejected(f, "does not match its f64 type");
  }
  SECTION("rank beyond the maximum") {
    t.rank = 9;
    f.setTensor(x, t);
    expectRejected(f, "rank 9 exceeds 8");
  }
  SECTION("rank larger than the dims given") {
    t.rank = 3;
    f.setTensor(x, t);
    expectRejected(f, "dimension 2 is 0");
  }
  SECTION("a dim set beyond the rank") {
    t.dims[5] = 1;
    f.setTensor(x, t);
    expectRejected(f, "unused dimension slot 5 is not 0");
  }
  SECTION("unknown storage") {
    t.storage = 4;
    f.setTensor(x, t);
    expectRejected(f, "unknown storage kind 4");
  }
  SECTION("weight storage without weight records") {
    t.storage = uint8_t(Storage::Weight);
    f.setTensor(x, t);
    // A weight's offset field is its weight index.
    expectRejected(f, "weight index " + std::to_string(t.offset) + " is past the 0 weight records");
  }
  SECTION("constant storage beyond the constants") {
    t.storage = uint8_t(Storage::Constant);
    f.setTensor(x, t);
    expectRejected(f, "outside its region of 0 bytes");
  }
  SECTION("name outside the strings") {
    t.name.offset = 0xfffffff0u;
    t.name.length = 0x20;
    f.setTensor(x, t);
    expectRejected(f, "name lies outside the strings section");
  }
}

TEST_CASE("malformed step records are rejected", "[malformed]") {
  Fixture f("linreg.thy");
  const uint32_t mm = f.firstStep(rt::OpKind::MatMul);
  StepRecord s = f.step(mm);
  const std::string what = "step " + std::to_string(mm) + " (matmul): ";

  SECTION("opcode 999") {
    s.opcode = 999;
    f.setStep(mm, s);
    expectRejected(f, "step " + std::to_string(mm) + ": unknown op code 999");
  }
  SECTION("const has no kernel") {
    s.opcode = uint16_t(rt::OpKind::Const);
    f.setStep(mm, s);
    expectRejected(f, "the CPU backend has no kernel for this op");
  }
  SECTION("inputs past the indices") {
    s.inputStart = uint32_t(f.plan->indices().size());
    f.setStep(mm, s);
    expectRejected(f, {what, "index range ["});
  }
  SECTION("input range that wraps") {
    s.inputStart = 0xffffffffu;
    s.inputCount = 2;
    f.setStep(mm, s);
    expectRejected(f, "lies outside the indices section");
  }
  SECTION("too many inputs") {
    s.inputCount = 0xffffffffu;
    f.setStep(mm, s);
    expectRejected(f, what + "4294967295 inputs, more than 64");
  }
  SECTION("one input too few for the kernel") {
    s.inputCount = 1;
    f.setStep(mm, s);
    expectRejected(f, what);
  }
  SECTION("no inputs") {
    s.inputCount = 0;
    f.setStep(mm, s);
    expectRejected(f, what);
  }
  SECTION("output that does not exist") {
    s.output = uint32_t(f.plan->tensors().size());
    f.setStep(mm, s);
    expectRejected(f, what + "output tensor " + std::to_string(s.output) + " does not exist");
  }
  SECTION("output of the wrong shape") {
    s.output = f.tensor("x");
    f.setStep(mm, s);
    expectRejected(f, what);
  }
  SECTION("params past the params section") {
    s.paramCount = uint32_t(f.plan->params().size()) + 1;
    f.setStep(mm, s);
    expectRejected(f, what + "params lie outside the params section");
  }
  SECTION("params range that wraps") {
    s.paramStart = 0xffffffffu;
    s.paramCount = 2;
    f.setStep(mm, s);
    expectRejected(f, what + "params lie outside the params section");
  }
  SECTION("missing params") {
    s.paramCount = 0;
    f.setStep(mm, s);
    expectRejected(f, what);
  }
  SECTION("an input index past the tensors") {
    f.bytes.setRecord<uint32_t>(SectionKind::Indices, s.inputStart, 0xfffffff0u);
    expectRejected(f, {what, "refers to tensor 4294967280, but there are 5"});
  }
  SECTION("transpose_b that is not a boolean") {
    f.bytes.setRecord<int64_t>(SectionKind::Params, s.paramStart, 7);
    expectRejected(f, what);
  }
}

TEST_CASE("a step may not write a constant", "[malformed]") {
  Fixture f("regression/linreg.thy");
  const uint32_t concat = f.firstStep(rt::OpKind::Concat);
  StepRecord s = f.step(concat);
  s.output = f.tensor("ones", Storage::Constant);
  f.setStep(concat, s);
  expectRejected(f, "which is not in the arena");
}

TEST_CASE("malformed entry records are rejected", "[malformed]") {
  Fixture f("regression/linreg.thy");
  const int fit = f.plan->findEntry("fit");
  REQUIRE(fit >= 0);
  EntryRecord e = f.entry(uint32_t(fit));
  const std::string what = "entry " + std::to_string(fit) + ": ";

  SECTION("steps past the steps section") {
    e.stepStart = uint32_t(f.plan->steps().size());
    f.setEntry(fit, e);
    expectRejected(f, what + "steps lie outside the steps section");
  }
  SECTION("step range that wraps") {
    e.stepStart = 1;
    e.stepCount = 0xffffffffu;
    f.setEntry(fit, e);
    expectRejected(f, what + "steps lie outside the steps section");
  }
  SECTION("inputs past the indices") {
    e.inputStart = 0xfffffff0u;
    f.setEntry(fit, e);
    expectRejected(f, what + "inputs: index range");
  }
  SECTION("outputs past the indices") {
    e.outputCount = 0x7fffffffu;
    f.setEntry(fit, e);
    expectRejected(f, what + "outputs: index range");
  }
  SECTION("update pairs past the indices") {
    e.updateCount = 0x80000000u;
    f.setEntry(fit, e);
    expectRejected(f, what + "updates: index range");
  }
  SECTION("more arena than the plan reserves") {
    e.arenaBytes = f.plan->header().arenaBytes + 64;
    f.setEntry(fit, e);
    expectRejected(f, what + "needs");
  }
  SECTION("name outside the strings") {
    e.name.offset = uint32_t(f.plan->strings().size());
    e.name.length = 1;
    f.setEntry(fit, e);
    expectRejected(f, what + "name lies outside the strings section");
  }
  SECTION("an input that is a constant") {
    f.bytes.setRecord<uint32_t>(SectionKind::Indices, e.inputStart,
                                f.tensor("ones", Storage::Constant));
    expectRejected(f, what + "input 0 is not an arena tensor");
  }
  SECTION("an update of a value of another type") {
    // @beta is f64[11,1]; %gram is f64[11,11].
    f.bytes.setRecord<uint32_t>(SectionKind::Indices, e.updateStart + 1, f.tensor("gram"));
    expectRejected(f, what + "update 0 writes a value of another type");
  }
  SECTION("an update of a value of another dtype, same size") {
    // Retype %z (f64[11,1], 88 bytes) as i32[22,1]: same bytes, other dtype.
    const uint32_t z = f.tensor("z");
    TensorRecord t = f.tensorRecord(z);
    t.dtype = uint8_t(rt::DType::I32);
    t.dims[0] = 22;
    f.setTensor(z, t);
    f.bytes.setRecord<uint32_t>(SectionKind::Indices, e.updateStart + 1, z);
    expectRejected(f, "");
  }
  SECTION("an update that writes an arena tensor") {
    f.bytes.setRecord<uint32_t>(SectionKind::Indices, e.updateStart, f.tensor("rhs"));
    expectRejected(f, what + "update 0 does not write a state tensor");
  }
}

TEST_CASE("malformed headers and section tables are rejected", "[malformed]") {
  Fixture f("regression/linreg.thy");
  FileHeader h = f.bytes.header();

  SECTION("format version 2") {
    h.formatVersion = 2;
    f.bytes.setHeader(h);
    expectRejected(f, "plan format version 2, but this runtime reads version 1");
  }
  SECTION("file size that disagrees") {
    h.fileBytes += 64;
    f.bytes.setHeader(h);
    expectRejected(f, "(truncated or extended)");
  }
  SECTION("too many sections") {
    h.sectionCount = kMaxSections + 1;
    f.bytes.setHeader(h);
    expectRejected(f, "17 sections, more than the maximum 16");
  }
  SECTION("a section table past the end of the file") {
    // 16 entries of 32 bytes fit in most plans; make the file shorter.
    std::vector<unsigned char> shortFile(f.bytes.bytes().begin(), f.bytes.bytes().begin() + 100);
    test::PlanBytes p(shortFile);
    FileHeader ph = p.header();
    ph.fileBytes = 100;
    p.setHeader(ph);
    f.bytes = p;
    expectRejected(f, "truncated inside the section table");
  }
  SECTION("an arena too small for its tensors") {
    h.arenaBytes = 64;
    f.bytes.setHeader(h);
    expectRejected(f, "outside its region of 64 bytes");
  }
  SECTION("no state buffer") {
    h.stateBytes = 0;
    f.bytes.setHeader(h);
    expectRejected(f, "outside its region of 0 bytes");
  }
  SECTION("a section of unknown kind") {
    SectionEntry s = f.bytes.section(0);
    s.kind = kMaxSectionKind + 1;
    f.bytes.setSection(0, s);
    expectRejected(f, "section #0 has unknown kind " + std::to_string(kMaxSectionKind + 1));
  }
  SECTION("a section of kind 0") {
    SectionEntry s = f.bytes.section(0);
    s.kind = 0;
    f.bytes.setSection(0, s);
    expectRejected(f, "section #0 has unknown kind 0");
  }
  SECTION("a section twice") {
    SectionEntry s = f.bytes.section(1);
    s.kind = f.bytes.section(0).kind;
    f.bytes.setSection(1, s);
    expectRejected(f, "appears twice");
  }
  SECTION("a misaligned section") {
    int i = f.bytes.findSection(SectionKind::Steps);
    SectionEntry s = f.bytes.section(uint32_t(i));
    s.offset += 8;
    f.bytes.setSection(uint32_t(i), s);
    expectRejected(f, "steps section: bytes [");
  }
  SECTION("a section inside the header") {
    int i = f.bytes.findSection(SectionKind::Strings);
    SectionEntry s = f.bytes.section(uint32_t(i));
    s.offset = 0;
    f.bytes.setSection(uint32_t(i), s);
    expectRejected(f, "strings section: bytes [0, +");
  }
  SECTION("a section whose end wraps around") {
    int i = f.bytes.findSection(SectionKind::Constants);
    SectionEntry s = f.bytes.section(uint32_t(i));
    s.bytes = ~uint64_t(0) - 63;
    s.count = s.bytes;
    f.bytes.setSection(uint32_t(i), s);
    expectRejected(f, "misaligned or outside the file");
  }
  SECTION("a record count that does not fill the bytes") {
    int i = f.bytes.findSection(SectionKind::Tensors);
    SectionEntry s = f.bytes.section(uint32_t(i));
    s.count -= 1;
    f.bytes.setSection(uint32_t(i), s);
    expectRejected(f, "records do not fill");
  }
  SECTION("a record count whose size overflows") {
    int i = f.bytes.findSection(SectionKind::Params);
    SectionEntry s = f.bytes.section(uint32_t(i));
    s.count = (kHuge >> 2) + s.count; // times 8 wraps back to the real size
    f.bytes.setSection(uint32_t(i), s);
    expectRejected(f, "records do not fill");
  }
  SECTION("a wrong section checksum behind a valid header checksum") {
    int i = f.bytes.findSection(SectionKind::Entries);
    SectionEntry s = f.bytes.section(uint32_t(i));
    f.bytes.reseal();
    s = f.bytes.section(uint32_t(i));
    s.checksum ^= 1;
    f.bytes.setSection(uint32_t(i), s);
    // Reseal only the header: recompute its checksum over the edited table.
    FileHeader fh = f.bytes.header();
    fh.headerChecksum = 0;
    uint32_t crc = crc32(&fh, sizeof fh);
    fh.headerChecksum = crc32(f.bytes.bytes().data() + sizeof fh,
                              fh.sectionCount * sizeof(SectionEntry), crc);
    f.bytes.setHeader(fh);
    std::unique_ptr<rt::Plan> plan;
    const std::vector<unsigned char> &b = f.bytes.bytes();
    rt::Status st = rt::Plan::loadFromMemory(b.data(), b.size(), "bad.plan", plan);
    REQUIRE_FALSE(st.ok());
    CHECK(st.message() == "bad.plan: entries section: checksum mismatch (corrupted data)");
  }
}

TEST_CASE("a plan that asks for an impossible arena fails cleanly", "[malformed]") {
  // The header's arena size is the allocation; 2^62 bytes is more than any
  // machine has, so the executor refuses before trying.
  Fixture f("linreg.thy");
  FileHeader h = f.bytes.header();
  h.arenaBytes = uint64_t(1) << 62;
  f.bytes.setHeader(h);
  f.bytes.reseal();
  test::Outcome o = test::loadAndRunUntrusted(f.bytes.bytes(), "huge.plan");
  INFO(o.problem);
  CHECK(o.problem.empty());
  std::unique_ptr<rt::Plan> plan;
  const std::vector<unsigned char> &b = f.bytes.bytes();
  REQUIRE(rt::Plan::loadFromMemory(b.data(), b.size(), "huge.plan", plan).ok());
  std::unique_ptr<rt::Executor> executor;
  rt::Status s = rt::Executor::create(*plan, nullptr, executor);
  REQUIRE_FALSE(s.ok());
  CHECK(s.message().find("more than this machine's") != std::string::npos);
}

TEST_CASE("a concat whose output overlaps its input is rejected", "[malformed][aliasing]") {
  // Moving regression/linreg's %x (an input of the first concat) to where
  // the concat's output %d lives once passed validation, and the concat
  // kernel had to copy between overlapping ranges (a memcpy there was caught
  // by AddressSanitizer: memcpy-param-overlap in concatRun). The loader now
  // refuses a step whose output shares bytes with an input (AliasingPlanTest).
  Fixture f("regression/linreg.thy");
  const uint32_t x = f.tensor("x");
  TensorRecord t = f.tensorRecord(x);
  t.offset = f.tensorRecord(f.tensor("d")).offset; // %d is larger: %x fits inside it
  f.setTensor(x, t);
  expectRejected(f, {" (concat): output tensor " + std::to_string(f.tensor("d")),
                     "overlaps input 1 (tensor " + std::to_string(x)});
}

TEST_CASE("a weight file path with a NUL byte is rejected", "[malformed]") {
  // open(2) would see the path cut at the NUL: another file than the plan names.
  codegen::PlanModel model;
  REQUIRE(test::compileExample("linreg.thy", model));
  model.weightFiles.push_back({model.addString(std::string("model.gguf\0.txt", 15)), 0});
  model.weights.push_back({0, 0, 0, 32, 0});
  std::vector<unsigned char> bytes = codegen::writePlan(model, packVersion(0, 1, 0));
  std::unique_ptr<rt::Plan> plan;
  rt::Status s = rt::Plan::loadFromMemory(bytes.data(), bytes.size(), "nul.plan", plan);
  REQUIRE_FALSE(s.ok());
  CHECK(s.message() == "nul.plan: weight file 0: the path contains a NUL byte");
}
