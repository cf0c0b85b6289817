//===- RunOptions.cpp - thymos-run's command line ------------------------------===//
//
// Hand-written: the runtime's tools link no command-line library.
//
//===----------------------------------------------------------------------===//

#include "RunOptions.h"

#include <cerrno>
#include <cstdlib>
#include <cstring>

namespace thymos::run {

const char *const kRunUsage =
    R"(USAGE: thymos-run PLAN [options]

Runs an entry of a plan compiled by thymosc (thymosc model.thy -o plan.bin).
PLAN may be - to read the plan from standard input.

OPTIONS:
  --entry NAME           The graph to run (needed when the plan has several)
  --input NAME=FILE      Bind the graph argument %NAME (or #K, the K-th) to a .npy
                         or .csv file. For CSV, FILE#B:E takes columns [B, E)
                         and FILE#C column C (Python slice rules: -1 is the last
                         column). FILE - reads .npy or CSV from standard input
  --output NAME=FILE     Write the returned value %NAME (or #K, the K-th) to a .npy
                         or .csv file; - writes .npy and -.csv CSV to standard
                         output. Outputs not written are printed
  --state-in NAME=FILE   Initialise state tensor NAME from a .npy or .csv file
                         (default: zeros)
  --state-out NAME=FILE  Save state tensor NAME to a .npy or .csv file after the runs
  --repeat N             Run the entry N times (state carries over between runs)
  --threads N            Threads for the kernels (default 1; 0 = all cores)
  --json                 Print the outputs (or --list) as JSON
  --time                 Print load, entry and per-step times to standard error
  --verify-weights       Check every byte of the weight files against the plan's
                         fingerprints before running (default: each file's size,
                         header and sampled windows; docs/security.md)
  --list                 Print the plan's entries, inputs, outputs and state, and exit
  --dump                 Print the whole plan readably (sections, tensors, steps),
                         and exit
  --help                 Print this text
  --version              Print the version
)";

namespace {

bool parseBinding(const std::string &text, Binding &out, std::string &error) {
  size_t eq = text.find('=');
  if (eq == std::string::npos || eq == 0 || eq + 1 == text.size()) {
    error = "expected NAME=FILE, got '" + text + "'";
    return false;
  }
  out.name = text.substr(0, eq);
  if (!out.name.empty() && out.name[0] == '%')
    out.name.erase(0, 1);
  out.path = text.substr(eq + 1);
  return true;
}

bool parseCount(const std::string &flag, const std::string &text, uint64_t &out,
                std::string &error) {
  char *end = nullptr;
  errno = 0;
  unsigned long long v = std::strtoull(text.c_str(), &end, 10);
  if (text.empty() || *end || errno || text[0] == '-') {
    error = flag + " expects a non-negative integer, got '" + text + "'";
    return false;
  }
  out = v;
  return true;
}

} // namespace

bool parseRunOptions(int argc, char **argv, RunOptions &o, std::string &error) {
  for (int i = 1; i < argc; ++i) {
    std::string arg = argv[i];
    std::string value;
    bool hasValue = false;
    // --flag=value and --flag value are both accepted.
    if (arg.rfind("--", 0) == 0) {
      size_t eq = arg.find('=');
      if (eq != std::string::npos) {
        value = arg.substr(eq + 1);
        arg = arg.substr(0, eq);
        hasValue = true;
      }
    }
    auto takeValue = [&]() {
      if (hasValue)
        return true;
      if (i + 1 >= argc) {
        error = arg + " needs a value";
        return false;
      }
      value = argv[++i];
      return true;
    };
    Binding binding;
    uint64_t count;
    if (arg == "--help" || arg == "-h") {
      o.help = true;
    } else if (arg == "--version") {
      o.version = true;
    } else if (arg == "--list") {
      o.list = true;
    } else if (arg == "--dump") {
      o.dump = true;
    } else if (arg == "--json") {
      o.json = true;
    } else if (arg == "--time") {
      o.time = true;
    } else if (arg == "--verify-weights") {
      o.verifyWeights = true;
    } else if (arg == "--entry") {
      if (!takeValue())
        return false;
      o.entry = value[0] == '@' ? value.substr(1) : value;
    } else if (arg == "--input" || arg == "--output" || arg == "--state-in" ||
               arg == "--state-out") {
      if (!takeValue() || !parseBinding(value, binding, error))
        return false;
      auto &list = arg == "--input"    ? o.inputs
                   : arg == "--output" ? o.outputs
                   : arg == "--state-in" ? o.stateIn
                                         : o.stateOut;
      list.push_back(binding);
    } else if (arg == "--repeat") {
      if (!takeValue() || !parseCount(arg, value, o.repeat, error))
        return false;
      if (o.repeat == 0) {
        error = "--repeat must be at least 1";
        return false;
      }
    } else if (arg == "--threads") {
      if (!takeValue() || !parseCount(arg, value, count, error))
        return false;
      if (count > 256) {
        error = "--threads is at most 256";
        return false;
      }
      o.threads = static_cast<unsigned>(count);
    } else if (arg.size() > 1 && arg[0] == '-') {
      error = "unknown option '" + arg + "' (see --help)";
      return false;
    } else if (o.planPath.empty()) {
      o.planPath = arg;
    } else {
      error = "unexpected argument '" + arg + "': only one plan file";
      return false;
    }
  }
  if (o.planPath.empty() && !o.help && !o.version) {
    error = "no plan file given (see --help)";
    return false;
  }
  return true;
}

} // namespace thymos::run
