//===- PassRegistry.cpp - The passes a pipeline can name --------------------===//

#include "passes/PassRegistry.h"

#include <algorithm>

namespace thymos::passes {

namespace {
bool isValidPassName(llvm::StringRef name) {
  return !name.empty() && llvm::all_of(name, [](char c) {
    return (c >= 'a' && c <= 'z') || (c >= '0' && c <= '9') || c == '-';
  });
}
} // namespace

bool PassRegistry::add(llvm::StringRef name, llvm::StringRef description, Factory factory,
                       std::string &error) {
  if (!isValidPassName(name)) {
    error = "invalid pass name '" + name.str() + "': use lowercase letters, digits and '-'";
    return false;
  }
  auto [it, inserted] =
      entries_.try_emplace(name, Entry{name.str(), description.str(), std::move(factory)});
  if (!inserted) {
    error = "a pass named '" + name.str() + "' is already registered";
    return false;
  }
  return true;
}

std::unique_ptr<Pass> PassRegistry::create(llvm::StringRef name) const {
  auto it = entries_.find(name);
  return it == entries_.end() ? nullptr : it->second.factory();
}

std::vector<const PassRegistry::Entry *> PassRegistry::entries() const {
  std::vector<const Entry *> sorted;
  for (const auto &e : entries_)
    sorted.push_back(&e.second);
  std::sort(sorted.begin(), sorted.end(),
            [](const Entry *a, const Entry *b) { return a->name < b->name; });
  return sorted;
}

} // namespace thymos::passes
