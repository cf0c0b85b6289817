//===- PassRegistry.h - The passes a pipeline can name ----------------------===//
//
// A registry maps pass names to factories. The driver owns one (there is no
// global registry), registers the built-in passes, and hands it to plugins.
//
//===----------------------------------------------------------------------===//
#pragma once

#include "passes/Pass.h"

#include "llvm/ADT/StringMap.h"

#include <functional>
#include <memory>
#include <string>
#include <vector>

namespace thymos::passes {

class PassRegistry {
public:
  using Factory = std::function<std::unique_ptr<Pass>()>;

  /// Registers `name`; false (with `error` set) when the name is taken or is
  /// not a valid pass name ([a-z0-9-]+).
  bool add(llvm::StringRef name, llvm::StringRef description, Factory factory,
           std::string &error);
  /// Convenience for a default-constructible pass type.
  template <typename PassT> bool add(std::string &error) {
    PassT prototype;
    return add(prototype.name(), prototype.description(),
               [] { return std::make_unique<PassT>(); }, error);
  }

  /// A new instance of the pass, or null when no pass has that name.
  std::unique_ptr<Pass> create(llvm::StringRef name) const;
  bool contains(llvm::StringRef name) const { return entries_.count(name) != 0; }

  struct Entry {
    std::string name;
    std::string description;
    Factory factory;
  };
  /// Every pass, sorted by name (for --help and --list-passes).
  std::vector<const Entry *> entries() const;

private:
  llvm::StringMap<Entry> entries_;
};

/// Registers verify, canonicalize, cse, dce, fuse-elementwise and plan-memory.
void registerBuiltinPasses(PassRegistry &registry);

} // namespace thymos::passes
