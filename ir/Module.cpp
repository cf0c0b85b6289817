//===- Module.cpp - The unit of compilation ---------------------------------===//

#include "ir/Module.h"

namespace thymos::ir {

Graph *Module::addGraph(std::string name, llvm::SMLoc loc) {
  graphs_.push_back(std::make_unique<Graph>(std::move(name), loc));
  return graphs_.back().get();
}

Graph *Module::lookupGraph(llvm::StringRef name) const {
  for (const auto &g : graphs_)
    if (g->name() == name)
      return g.get();
  return nullptr;
}

} // namespace thymos::ir
