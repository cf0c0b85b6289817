//===- RoundTripTest.cpp - print(parse(text)) re-parses to the same module --===//
//
// Modules are compared structurally, not only as text: two printer bugs that
// cancel out (or a parser that drops what the printer wrote twice) would pass a
// text comparison alone.
//
//===----------------------------------------------------------------------===//

#include "SampleModules.h"

#include "ir/Parser.h"
#include "ir/Printer.h"
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
using namespace thymos::ir;

namespace {

struct Parsed {
  // The module points into the SourceMgr's buffers; keep both together.
  std::unique_ptr<llvm::SourceMgr> sourceMgr = std::make_unique<llvm::SourceMgr>();
  std::string diagnostics;
  std::unique_ptr<Module> module;
  bool verified = false;
};

Parsed parse(const std::string &text, const std::string &name) {
  Parsed p;
  llvm::raw_string_ostream os(p.diagnostics);
  DiagnosticEngine diag(*p.sourceMgr, os);
  unsigned id = p.sourceMgr->AddNewSourceBuffer(llvm::MemoryBuffer::getMemBufferCopy(text, name),
                                                llvm::SMLoc());
  p.module = parseModule(id, diag);
  if (p.module)
    p.verified = passes::verifyModule(*p.module, diag);
  os.flush();
  return p;
}

std::string print(const Module &module) {
  std::string text;
  llvm::raw_string_ostream os(text);
  printModule(module, os);
  os.flush();
  return text;
}

/// Where a value comes from, independent of its name: "arg 2", "op 5 result 0",
/// or "undefined %name" for a name never defined in the graph.
std::string origin(const Value *v) {
  if (v->isArgument())
    return "arg " + std::to_string(v->argumentIndex());
  if (const Operation *def = v->definingOp())
    return "op " + std::to_string(def->index()) + " result " + std::to_string(v->resultIndex());
  return "undefined %" + v->name();
}

std::vector<std::string> origins(llvm::ArrayRef<Value *> values) {
  std::vector<std::string> out;
  for (const Value *v : values)
    out.push_back(origin(v));
  return out;
}

std::vector<std::string> typeStrs(llvm::ArrayRef<TensorType> types) {
  std::vector<std::string> out;
  for (const TensorType &t : types)
    out.push_back(t.str());
  return out;
}

/// The printer writes attributes in schema order; the text may not have.
std::vector<const NamedAttribute *> byName(llvm::ArrayRef<NamedAttribute> attrs) {
  std::vector<const NamedAttribute *> out;
  for (const NamedAttribute &a : attrs)
    out.push_back(&a);
  std::stable_sort(out.begin(), out.end(), [](const NamedAttribute *a, const NamedAttribute *b) {
    return a->name < b->name;
  });
  return out;
}

void checkSameOp(const Operation &a, const Operation &b) {
  INFO("op #" << a.index() << " '" << a.name().str() << "'");
  CHECK(a.kind() == b.kind());
  CHECK(origins(a.operands()) == origins(b.operands()));
  CHECK(typeStrs(a.domain()) == typeStrs(b.domain()));
  CHECK(typeStrs(a.codomain()) == typeStrs(b.codomain()));
  REQUIRE(a.numResults() == b.numResults());
  for (unsigned i = 0; i < a.numResults(); ++i)
    CHECK(a.result(i)->name() == b.result(i)->name());
  std::vector<const NamedAttribute *> aAttrs = byName(a.attrs()), bAttrs = byName(b.attrs());
  REQUIRE(aAttrs.size() == bAttrs.size());
  for (size_t i = 0; i < aAttrs.size(); ++i) {
    INFO("attribute '" << aAttrs[i]->name << "' = " << aAttrs[i]->value.str() << " vs '"
                       << bAttrs[i]->name << "' = " << bAttrs[i]->value.str());
    CHECK(aAttrs[i]->name == bAttrs[i]->name);
    CHECK(aAttrs[i]->value == bAttrs[i]->value);
  }
}

void checkSameGraph(const Graph &a, const Graph &b) {
  INFO("graph '@" << a.name() << "'");
  CHECK(a.name() == b.name());
  REQUIRE(a.arguments().size() == b.arguments().size());
  for (size_t i = 0; i < a.arguments().size(); ++i) {
    CHECK(a.arguments()[i]->name() == b.arguments()[i]->name());
    CHECK(a.arguments()[i]->type() == b.arguments()[i]->type());
  }
  CHECK(typeStrs(a.resultTypes()) == typeStrs(b.resultTypes()));
  REQUIRE(a.ops().size() == b.ops().size());
  for (size_t i = 0; i < a.ops().size(); ++i)
    checkSameOp(*a.ops()[i], *b.ops()[i]);
  CHECK(a.hasReturn() == b.hasReturn());
  CHECK(origins(a.returnValues()) == origins(b.returnValues()));
}

void checkSameModule(const Module &a, const Module &b) {
  CHECK(a.name() == b.name());
  REQUIRE(a.graphs().size() == b.graphs().size());
  for (size_t i = 0; i < a.graphs().size(); ++i)
    checkSameGraph(*a.graphs()[i], *b.graphs()[i]);
}

/// parse → print → parse → print; `mustVerify` for texts that are valid IR.
void checkRoundTrip(const std::string &text, const std::string &name, bool mustVerify) {
  INFO("module " << name);
  Parsed first = parse(text, name);
  INFO(first.diagnostics);
  REQUIRE(first.module);
  if (mustVerify)
    REQUIRE(first.verified);
  std::string printed = print(*first.module);
  INFO("printed:\n" << printed);
  Parsed second = parse(printed, name + " (printed)");
  INFO(second.diagnostics);
  REQUIRE(second.module);
  CHECK(second.verified == first.verified);
  checkSameModule(*first.module, *second.module);
  CHECK(print(*second.module) == printed);
}

std::vector<std::filesystem::path> exampleFiles() {
  std::vector<std::filesystem::path> files;
  for (const auto &entry : std::filesystem::directory_iterator(THYMOS_EXAMPLES_DIR))
    if (entry.is_regular_file() && entry.path().extension() == ".thy")
      files.push_back(entry.path());
  std::sort(files.begin(), files.end());
  return files;
}

std::string readFile(const std::filesystem::path &path) {
  std::ifstream in(path, std::ios::binary);
  std::ostringstream text;
  text << in.rdbuf();
  return text.str();
}

} // namespace

TEST_CASE("every example round-trips through the printer", "[RoundTrip]") {
  std::vector<std::filesystem::path> files = exampleFiles();
  REQUIRE_FALSE(files.empty());
  for (const auto &path : files)
    checkRoundTrip(readFile(path), path.filename().string(), /*mustVerify=*/true);
}

TEST_CASE("a module with every op round-trips", "[RoundTrip]") {
  checkRoundTrip(test::kEveryOpModule, "every-op.thy", /*mustVerify=*/true);
}

TEST_CASE("an invalid but parseable module round-trips", "[RoundTrip]") {
  checkRoundTrip(test::kUnverifiedModule, "unverified.thy", /*mustVerify=*/false);
}

TEST_CASE("float attributes keep their exact bits through the text", "[RoundTrip]") {
  std::string text = "module @m\n\ngraph @g() -> f64[6] {\n"
                     "  %c = const {value = [0.1, -0.0, 5e-324, 1.7976931348623157e308, "
                     "2.2250738585072014e-308, 0.30000000000000004]} : () -> f64[6]\n"
                     "  return %c\n}\n";
  checkRoundTrip(text, "floats.thy", /*mustVerify=*/true);
}

TEST_CASE("printer numbers unnamed values without clashing", "[RoundTrip]") {
  Module module("numbered");
  Graph *g = module.addGraph("g");
  Value *x = g->addArgument("0", TensorType(DType::F32, {4}));
  Operation *a = g->addOp(OpKind::Relu, {x}, {}, {TensorType(DType::F32, {4})});
  Operation *b = g->addOp(OpKind::Neg, {a->result()}, {}, {TensorType(DType::F32, {4})}, {"1"});
  Operation *c = g->addOp(OpKind::Add, {a->result(), b->result()}, {},
                          {TensorType(DType::F32, {4})});
  g->setResultTypes({TensorType(DType::F32, {4})});
  g->setReturn({c->result()});
  std::string printed = print(module);
  INFO(printed);
  Parsed reparsed = parse(printed, "numbered.thy");
  INFO(reparsed.diagnostics);
  REQUIRE(reparsed.module);
  CHECK(reparsed.verified);
  const Graph &h = *reparsed.module->graphs()[0];
  REQUIRE(h.ops().size() == 3);
  CHECK(origins(h.ops()[2]->operands()) == std::vector<std::string>{"op 0 result 0", "op 1 result 0"});
  CHECK(origins(h.returnValues()) == std::vector<std::string>{"op 2 result 0"});
}
