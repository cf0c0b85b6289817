//===- Module.cpp - The unit of compilation ---------------------------------===//

#include "ir/Module.h"

namespace thymos::ir {

StateDecl *Module::addState(std::string name, TensorType type, llvm::SMLoc loc,
                            llvm::SMLoc typeLoc) {
  states_.push_back(std::make_unique<StateDecl>(StateDecl{std::move(name), std::move(type), loc, typeLoc}));
  return states_.back().get();
}

const StateDecl *Module::lookupState(llvm::StringRef name) const {
  for (const auto &s : states_)
    if (s->name == name)
      return s.get();
  return nullptr;
}

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
