//===- CommandSupport.h - What every thymos-fit subcommand shares ------------===//
//
// Results go to standard output as `key = value` lines, one fact per line,
// so scripts can pick them out; progress (SMO iterations, Newton iterates)
// goes to standard error. Errors are one line, "thymos-fit: error: ...",
// and a non-zero exit.
//
//===----------------------------------------------------------------------===//
#pragma once

#include "Options.h"

#include <chrono>
#include <cstdint>
#include <string>

namespace thymos::fit {

/// Prints the error and returns the exit status 1.
int fail(const std::string &message);

/// Parses the subcommand's options (argv[2..]). Returns -1 to go on, or the
/// exit status: 0 after printing --help, 1 after an error.
int parseCommandLine(OptionParser &parser, int argc, char **argv);

/// Writes `text` to `path`; false with a message on failure.
bool writeTextFile(const std::string &path, const std::string &text, std::string &error);

void printResult(const std::string &key, const std::string &value);
void printResult(const std::string &key, double value);
void printResult(const std::string &key, int64_t value);

class Stopwatch {
public:
  Stopwatch() : start_(std::chrono::steady_clock::now()) {}
  double seconds() const {
    return std::chrono::duration<double>(std::chrono::steady_clock::now() - start_).count();
  }

private:
  std::chrono::steady_clock::time_point start_;
};

// The subcommands: main(argc, argv) with argv[1] the subcommand's name.
int svrMain(int argc, char **argv);
int lssvrMain(int argc, char **argv);
int plapMain(int argc, char **argv);
int sampleMain(int argc, char **argv);

} // namespace thymos::fit
