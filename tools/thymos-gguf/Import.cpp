//===- Import.cpp - thymos-gguf import ---------------------------------------===//
//
// The module names the GGUF file by a path relative to the .thy file (both
// usually sit side by side), since thymosc resolves gguf_tensor paths against
// the .thy file's directory and thymos-run against the plan's.
//
//===----------------------------------------------------------------------===//

#include "Import.h"

#include "frontend/llama/LlamaImport.h"
#include "runtime/io/File.h"

#include <cstdio>
#include <filesystem>

namespace thymos::gguf_tool {

namespace {

int fail(const std::string &message) {
  std::fprintf(stderr, "thymos-gguf: error: %s\n", message.c_str());
  return 1;
}

bool parseCount(const std::string &text, int64_t &out) {
  if (text.empty() || text.size() > 10 || text.find_first_not_of("0123456789") != std::string::npos)
    return false;
  out = std::stoll(text);
  return true;
}

/// `gguf` as seen from the directory of `output` ("-": the current one).
std::string pathFromOutput(const std::string &gguf, const std::string &output) {
  namespace fs = std::filesystem;
  std::error_code ec;
  fs::path model = fs::absolute(gguf, ec).lexically_normal();
  if (ec)
    return gguf;
  fs::path dir = output == "-" ? fs::current_path(ec) : fs::absolute(output, ec).parent_path();
  if (ec)
    return model.string();
  dir = dir.lexically_normal();
  fs::path relative = model.lexically_relative(dir);
  return relative.empty() ? model.string() : relative.string();
}

} // namespace

int importCommand(const std::vector<std::string> &args) {
  std::string path, output;
  llama::ImportOptions options;
  for (size_t i = 0; i < args.size(); ++i) {
    const std::string &arg = args[i];
    if (arg == "-o" || arg == "-c" || arg == "--prefill" || arg == "--cache-type") {
      if (i + 1 == args.size())
        return fail(arg + " needs a value");
      const std::string &value = args[++i];
      if (arg == "-o") {
        output = value;
      } else if (arg == "--cache-type") {
        options.cacheType = value;
      } else if (!parseCount(value, arg == "-c" ? options.contextLength
                                                : options.prefillTokens)) {
        return fail(arg + " needs a whole number, got '" + value + "'");
      }
    } else if (arg.size() > 1 && arg[0] == '-') {
      return fail("unknown option '" + arg + "' for import (see --help)");
    } else if (!path.empty()) {
      return fail("import takes one file, got '" + path + "' and '" + arg + "'");
    } else {
      path = arg;
    }
  }
  if (path.empty())
    return fail("import: no file given (see --help)");
  if (output.empty())
    return fail("import needs -o OUT.thy (- for standard output)");
  std::unique_ptr<gguf::File> file;
  if (rt::Status s = gguf::File::open(path, file); !s)
    return fail(s.message());
  llama::LlamaModel model;
  if (rt::Status s = llama::readLlamaModel(*file, model); !s)
    return fail(path + ": " + s.message());
  options.weightsPath = pathFromOutput(path, output);
  std::string text;
  if (rt::Status s = llama::writeLlamaModule(model, options, text); !s)
    return fail(path + ": " + s.message());
  if (output == "-") {
    std::fwrite(text.data(), 1, text.size(), stdout);
    if (rt::Status s = rt::io::closeStandardOutput(); !s)
      return fail(s.message());
    return 0;
  }
  if (rt::Status s = rt::io::writeWholeFile(output, text.data(), text.size(), nullptr, 0); !s)
    return fail(s.message());
  return 0;
}

} // namespace thymos::gguf_tool
