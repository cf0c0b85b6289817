//===- Import.h - thymos-gguf import: a llama GGUF model as .thy -------------===//
#pragma once

#include <string>
#include <vector>

namespace thymos::gguf_tool {

/// `import FILE -o OUT.thy [-c N] [--prefill N]`; the exit status.
int importCommand(const std::vector<std::string> &args);

} // namespace thymos::gguf_tool
