//===- VocabFromHf.h - A GGUF vocabulary from a Hugging Face tokenizer -----===//
#pragma once

#include <string>
#include <vector>

namespace thymos::tools {

/// `thymos-gguf vocab-from-hf TOKENIZER.json -o OUT.gguf [--config FILE]
/// [--pre NAME] [--name NAME]`: 0, or 1 with a message on stderr.
int vocabFromHf(const std::vector<std::string> &args);

} // namespace thymos::tools
