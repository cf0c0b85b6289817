//===- CommandSupport.cpp - What every thymos-fit subcommand shares ----------===//

#include "CommandSupport.h"

#include "runtime/io/Csv.h"

#include <cstdio>
#include <fstream>

namespace thymos::fit {

int fail(const std::string &message) {
  std::fprintf(stderr, "thymos-fit: error: %s\n", message.c_str());
  return 1;
}

int parseCommandLine(OptionParser &parser, int argc, char **argv) {
  std::string error;
  switch (parser.parse(argc, argv, 2, error)) {
  case OptionParser::Result::Ok: return -1;
  case OptionParser::Result::Help: std::fputs(parser.help().c_str(), stdout); return 0;
  case OptionParser::Result::Error: return fail(error);
  }
  return 1;
}

bool writeTextFile(const std::string &path, const std::string &text, std::string &error) {
  std::ofstream out(path, std::ios::binary);
  out << text;
  out.close();
  if (out)
    return true;
  error = "cannot write '" + path + "'";
  return false;
}

void printResult(const std::string &key, const std::string &value) {
  std::printf("%s = %s\n", key.c_str(), value.c_str());
  std::fflush(stdout);
}

void printResult(const std::string &key, double value) {
  printResult(key, rt::formatShortest(value));
}

void printResult(const std::string &key, int64_t value) {
  printResult(key, std::to_string(value));
}

} // namespace thymos::fit
