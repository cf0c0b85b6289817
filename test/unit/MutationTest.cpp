//===- MutationTest.cpp - Damaged input is a diagnostic, never a crash ------===//
//
// DESIGN.md: "Bad .thy ... never a crash, never an out-of-bounds read." Every
// example (and the sample modules) is truncated at every byte, has single
// bytes flipped, tokens deleted, duplicated and swapped; each variant goes
// through parse and verify with diagnostics discarded. Run under
// THYMOS_SANITIZE=ON this is also the out-of-bounds check. A variant that is
// accepted must print to text that parses and verifies again.
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
#include <cctype>
#include <filesystem>
#include <fstream>
#include <random>
#include <sstream>
#include <string>
#include <utility>
#include <vector>

using namespace thymos;

namespace {

constexpr int kByteFlips = 2000;
constexpr int kTokenDeletions = 2000;
constexpr int kTokenDuplications = 500;
constexpr int kTokenSwaps = 500;

enum class Outcome { ParseError, VerifyError, Accepted };

struct Counts {
  size_t variants = 0, parseErrors = 0, verifyErrors = 0, accepted = 0;
  void add(Outcome o) {
    ++variants;
    parseErrors += o == Outcome::ParseError;
    verifyErrors += o == Outcome::VerifyError;
    accepted += o == Outcome::Accepted;
  }
};

std::string printModuleText(const ir::Module &module) {
  std::string text;
  llvm::raw_string_ostream os(text);
  ir::printModule(module, os);
  os.flush();
  return text;
}

/// `printed`, when given, receives the printed text of a module that parsed.
Outcome check(const std::string &text, std::string *printed = nullptr) {
  llvm::SourceMgr sourceMgr;
  DiagnosticEngine diag(sourceMgr, llvm::nulls());
  unsigned id = sourceMgr.AddNewSourceBuffer(
      llvm::MemoryBuffer::getMemBufferCopy(text, "mutant.thy"), llvm::SMLoc());
  std::unique_ptr<ir::Module> module = ir::parseModule(id, diag);
  if (!module)
    return Outcome::ParseError;
  bool valid = passes::verifyModule(*module, diag);
  // The printer must cope with whatever the parser let through.
  std::string text2 = printModuleText(*module);
  if (printed)
    *printed = std::move(text2);
  return valid ? Outcome::Accepted : Outcome::VerifyError;
}

/// An accepted variant is valid IR, so its printed form must be too.
void checkVariant(const std::string &variant, Counts &counts) {
  std::string printed;
  Outcome outcome = check(variant, &printed);
  counts.add(outcome);
  if (outcome != Outcome::Accepted)
    return;
  std::string reprinted;
  if (check(printed, &reprinted) != Outcome::Accepted || reprinted != printed) {
    INFO("accepted variant:\n" << variant << "\nprinted:\n" << printed);
    FAIL("the printed form of an accepted variant does not parse, verify and print the same");
  }
}

/// Byte ranges of tokens: runs of name/number characters, or single
/// punctuation characters. Whitespace separates; comments count as words.
std::vector<std::pair<size_t, size_t>> tokenSpans(const std::string &text) {
  auto isWordChar = [](unsigned char c) {
    return std::isalnum(c) || c == '_' || c == '.' || c == '%' || c == '@' || c == '-' ||
           c == '+';
  };
  std::vector<std::pair<size_t, size_t>> spans;
  size_t i = 0;
  while (i < text.size()) {
    unsigned char c = static_cast<unsigned char>(text[i]);
    if (std::isspace(c)) {
      ++i;
      continue;
    }
    size_t start = i++;
    if (isWordChar(c))
      while (i < text.size() && isWordChar(static_cast<unsigned char>(text[i])))
        ++i;
    spans.emplace_back(start, i - start);
  }
  return spans;
}

Counts mutate(const std::string &original) {
  Counts counts;
  std::mt19937 rng(20240611);
  auto below = [&](size_t n) { return std::uniform_int_distribution<size_t>(0, n - 1)(rng); };

  for (size_t length = 0; length < original.size(); ++length)
    checkVariant(original.substr(0, length), counts);

  for (int i = 0; i < kByteFlips; ++i) {
    std::string variant = original;
    size_t at = below(variant.size());
    // Any other byte value, 0x00 and 0xff included.
    variant[at] = static_cast<char>(static_cast<unsigned char>(variant[at]) + 1 + below(255));
    checkVariant(variant, counts);
  }

  auto spans = tokenSpans(original);
  REQUIRE(spans.size() > 4);
  for (int i = 0; i < kTokenDeletions; ++i) {
    size_t first = below(spans.size());
    size_t count = std::min<size_t>(1 + (i % 4 == 0 ? below(3) : 0), spans.size() - first);
    size_t begin = spans[first].first;
    size_t end = spans[first + count - 1].first + spans[first + count - 1].second;
    checkVariant(original.substr(0, begin) + original.substr(end), counts);
  }

  for (int i = 0; i < kTokenDuplications; ++i) {
    auto [begin, length] = spans[below(spans.size())];
    std::string token = original.substr(begin, length);
    checkVariant(original.substr(0, begin) + token + " " + original.substr(begin), counts);
  }

  for (int i = 0; i < kTokenSwaps; ++i) {
    size_t a = below(spans.size()), b = below(spans.size());
    if (a > b)
      std::swap(a, b);
    auto [aBegin, aLength] = spans[a];
    auto [bBegin, bLength] = spans[b];
    std::string variant = original;
    if (a != b)
      variant = original.substr(0, aBegin) + original.substr(bBegin, bLength) +
                original.substr(aBegin + aLength, bBegin - aBegin - aLength) +
                original.substr(aBegin, aLength) + original.substr(bBegin + bLength);
    checkVariant(variant, counts);
  }
  return counts;
}

std::vector<std::pair<std::string, std::string>> seeds() {
  std::vector<std::filesystem::path> files;
  for (const auto &entry : std::filesystem::directory_iterator(THYMOS_EXAMPLES_DIR))
    if (entry.is_regular_file() && entry.path().extension() == ".thy")
      files.push_back(entry.path());
  std::sort(files.begin(), files.end());
  std::vector<std::pair<std::string, std::string>> out;
  for (const auto &path : files) {
    std::ifstream in(path, std::ios::binary);
    std::ostringstream text;
    text << in.rdbuf();
    out.emplace_back(path.filename().string(), text.str());
  }
  out.emplace_back("every-op module", test::kEveryOpModule);
  return out;
}

} // namespace

TEST_CASE("mutated modules are rejected or accepted, never a crash", "[Mutation]") {
  auto inputs = seeds();
  REQUIRE(inputs.size() >= 2);
  size_t total = 0;
  for (const auto &[name, text] : inputs) {
    INFO("seed " << name);
    REQUIRE(check(text) == Outcome::Accepted);
    Counts counts = mutate(text);
    size_t expected =
        text.size() + kByteFlips + kTokenDeletions + kTokenDuplications + kTokenSwaps;
    CHECK(counts.variants == expected);
    CHECK(counts.variants == counts.parseErrors + counts.verifyErrors + counts.accepted);
    // Most damage must be noticed, by the parser or by the verifier.
    CHECK(counts.parseErrors > counts.variants / 2);
    CHECK(counts.verifyErrors > 0);
    CHECK(counts.accepted < counts.variants / 4);
    total += counts.variants;
  }
  CHECK(total >= 10000);
}

TEST_CASE("the unverified sample parses, fails verification, and survives mutation",
          "[Mutation]") {
  REQUIRE(check(test::kUnverifiedModule) == Outcome::VerifyError);
  Counts counts = mutate(test::kUnverifiedModule);
  CHECK(counts.variants > 5000);
  CHECK(counts.parseErrors > 0);
}
