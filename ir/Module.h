//===- Module.h - The unit of compilation -----------------------------------===//
//
// `module @name`, then persistent state declarations and graphs. Every graph
// is an entry point.
//
//===----------------------------------------------------------------------===//
#pragma once

#include "ir/Graph.h"

#include <memory>
#include <string>
#include <vector>

namespace thymos::ir {

class Module {
public:
  explicit Module(std::string name, llvm::SMLoc loc = {}) : name_(std::move(name)), loc_(loc) {}

  const std::string &name() const { return name_; }
  llvm::SMLoc loc() const { return loc_; }

  StateDecl *addState(std::string name, TensorType type, llvm::SMLoc loc = {},
                      llvm::SMLoc typeLoc = {});
  const std::vector<std::unique_ptr<StateDecl>> &states() const { return states_; }
  /// The first state named `name`, or null.
  const StateDecl *lookupState(llvm::StringRef name) const;

  Graph *addGraph(std::string name, llvm::SMLoc loc = {});
  const std::vector<std::unique_ptr<Graph>> &graphs() const { return graphs_; }
  /// The first graph named `name`, or null.
  Graph *lookupGraph(llvm::StringRef name) const;

private:
  std::string name_;
  llvm::SMLoc loc_;
  std::vector<std::unique_ptr<StateDecl>> states_;
  std::vector<std::unique_ptr<Graph>> graphs_;
};

} // namespace thymos::ir
