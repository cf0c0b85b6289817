//===- RunOptions.h - thymos-run's command line --------------------------------===//
#pragma once

#include <cstdint>
#include <string>
#include <vector>

namespace thymos::run {

/// NAME=FILE, with FILE possibly carrying a CSV column selection; FILE "-" is
/// standard input or output.
struct Binding {
  std::string name;
  std::string path;
};

struct RunOptions {
  std::string planPath;
  std::string entry;
  std::vector<Binding> inputs;
  std::vector<Binding> outputs;
  std::vector<Binding> stateIn;
  std::vector<Binding> stateOut;
  uint64_t repeat = 1;
  unsigned threads = 1;
  bool list = false;
  bool dump = false; ///< print the plan readably (PlanDump.h) and exit
  bool json = false; ///< results (or --list) as JSON
  bool time = false; ///< timing summary on stderr
  bool verifyWeights = false; ///< hash every weight at load (LoadOptions)
  bool help = false;
  bool version = false;
};

/// Parses argv; false with `error` set on a bad command line.
bool parseRunOptions(int argc, char **argv, RunOptions &options, std::string &error);

extern const char *const kRunUsage;

} // namespace thymos::run
