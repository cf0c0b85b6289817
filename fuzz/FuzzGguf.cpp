//===- FuzzGguf.cpp - Fuzz target: the GGUF reader --------------------------===//
//
// Any byte string is parsed as a GGUF file. A rejection must be one line that
// starts with the byte offset. An accepted file must keep every promise of
// runtime/gguf/File.h: each tensor's bytes lie inside the file, aligned, with
// the size its type and shape imply; every key and tensor is found by name;
// and every metadata value can be read back (each array element, nested
// arrays included), which under AddressSanitizer checks that nothing points
// outside the input. A file with a vocabulary is also given to the tokenizer:
// it refuses it with a message or turns any text into ids inside the
// vocabulary, and back. A file that claims to be a llama model goes to the
// importer: it refuses it with a message, or writes a module that parses and
// verifies.
//
//===----------------------------------------------------------------------===//
#include "FuzzSupport.h"

#include "frontend/llama/LlamaImport.h"
#include "ir/Parser.h"
#include "passes/Verifier.h"
#include "runtime/gguf/File.h"
#include "runtime/llm/Tokenizer.h"

#include "llvm/Support/MemoryBuffer.h"
#include "llvm/Support/SourceMgr.h"
#include "llvm/Support/raw_ostream.h"

#include <algorithm>
#include <string>
#include <utility>
#include <vector>

using namespace thymos;
using namespace thymos::gguf;

namespace {

/// Reads every part of `v`; returns a checksum so that nothing is optimised away.
uint64_t touch(const Value &v, unsigned depth) {
  if (depth > kMaxArrayDepth + 1)
    fuzz::fuzzFailure("an accepted value nests deeper than kMaxArrayDepth");
  uint64_t sum = uint64_t(v.type());
  sum += v.toUInt().value_or(0) + uint64_t(v.toInt().value_or(0));
  sum += v.toFloat().has_value() + v.toBool().value_or(false);
  if (std::optional<std::string_view> s = v.toString())
    for (char c : *s)
      sum += static_cast<unsigned char>(c);
  if (!v.isArray())
    return sum;
  if (!v.items().empty() && v.items().size() != v.size())
    fuzz::fuzzFailure("an array's item list and its count disagree");
  for (uint64_t i = 0; i < v.size(); ++i) {
    if (v.elementType() == ValueType::String)
      sum += v.stringAt(i).size();
    else if (v.elementType() != ValueType::Array)
      sum += touch(v.at(i), depth + 1);
  }
  for (const Value &item : v.items())
    sum += touch(item, depth + 1);
  return sum;
}

/// The importer either refuses `file` or writes a module the verifier accepts.
void checkImport(const File &file) {
  llama::LlamaModel model;
  if (!llama::readLlamaModel(file, model))
    return;
  llama::ImportOptions options;
  options.weightsPath = "fuzz.gguf";
  options.contextLength = std::min<int64_t>(model.contextLength, 16);
  options.prefillTokens = std::min<int64_t>(options.contextLength, 4);
  std::string text;
  if (rt::Status s = llama::writeLlamaModule(model, options, text); !s)
    fuzz::fuzzFailure("the importer accepted a model, then could not write it: " + s.message());
  llvm::SourceMgr sourceMgr;
  std::string messages;
  llvm::raw_string_ostream diagStream(messages);
  DiagnosticEngine diag(sourceMgr, diagStream);
  unsigned id = sourceMgr.AddNewSourceBuffer(
      llvm::MemoryBuffer::getMemBufferCopy(text, "imported.thy"), llvm::SMLoc());
  std::unique_ptr<ir::Module> module = ir::parseModule(id, diag);
  if (!module || !passes::verifyModule(*module, diag))
    fuzz::fuzzFailure("the imported module does not verify:\n" + diagStream.str());
}

} // namespace

extern "C" int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size) {
  std::unique_ptr<File> file;
  rt::Status s = File::parse(data, size, file);
  if (!s) {
    if (s.message().compare(0, 7, "offset ") != 0 || s.message().find('\n') != std::string::npos)
      fuzz::fuzzFailure("a GGUF error is not one line starting with its offset: " + s.message());
    return 0;
  }
  volatile uint64_t sink = 0;
  for (const KeyValue &kv : file->metadata()) {
    if (file->find(kv.key) != &kv.value)
      fuzz::fuzzFailure("key '" + kv.key + "' is not found by name");
    sink = sink + touch(kv.value, 0);
  }
  // A file without tensors may end before its (empty) data section's
  // aligned start; one with tensors may not.
  if (file->alignment() == 0 || (file->alignment() & (file->alignment() - 1)) != 0 ||
      file->dataOffset() % file->alignment() != 0 ||
      (!file->tensors().empty() && file->dataOffset() > size))
    fuzz::fuzzFailure("the data section is misaligned or outside the file");
  std::vector<std::pair<uint64_t, uint64_t>> extents;
  for (const TensorInfo &t : file->tensors()) {
    extents.emplace_back(t.offset, t.bytes);
    if (file->findTensor(t.name) != &t)
      fuzz::fuzzFailure("tensor '" + t.name + "' is not found by name");
    if (t.dims.empty() || t.dims.size() > kMaxDims)
      fuzz::fuzzFailure("tensor '" + t.name + "' has an invalid rank");
    uint64_t elements = 0, bytes = 0;
    std::string error;
    if (!tensorSize(t.type, t.dims, elements, bytes, error) || elements != t.elements ||
        bytes != t.bytes)
      fuzz::fuzzFailure("tensor '" + t.name + "' has a size its type and shape do not give");
    if (t.offset < file->dataOffset() || t.offset > size || t.bytes > size - t.offset ||
        (t.offset - file->dataOffset()) % file->alignment() != 0)
      fuzz::fuzzFailure("tensor '" + t.name + "' lies outside the data section or is misaligned");
    if (t.bytes > 0) {
      const unsigned char *p = file->tensorData(t);
      sink = sink + p[0] + p[t.bytes - 1];
    }
  }
  std::sort(extents.begin(), extents.end());
  for (size_t i = 1; i < extents.size(); ++i)
    if (extents[i - 1].first + extents[i - 1].second > extents[i].first)
      fuzz::fuzzFailure("two tensors' data overlap");

  std::unique_ptr<llm::Tokenizer> tokenizer;
  if (file->find("tokenizer.ggml.model") && llm::Tokenizer::fromGguf(*file, tokenizer)) {
    // The input's own first bytes are as good a text as any.
    std::string_view text(reinterpret_cast<const char *>(data), std::min<size_t>(size, 256));
    std::vector<int32_t> ids = tokenizer->tokenize(text, true);
    for (int32_t id : ids)
      if (id < 0 || id >= tokenizer->size())
        fuzz::fuzzFailure("a token id lies outside the vocabulary");
    llm::TokenStream stream(*tokenizer, true);
    std::string streamed;
    for (int32_t id : ids)
      streamed += stream.push(id);
    streamed += stream.finish();
    if (streamed != tokenizer->detokenize(ids, true))
      fuzz::fuzzFailure("streamed and whole detokenization differ");
  }
  if (file->find("general.architecture"))
    checkImport(*file);
  return 0;
}
