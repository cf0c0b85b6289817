//===- Options.h - Command-line options of thymos-fit's subcommands ----------===//
//
// Each subcommand declares its options with a metavariable and a help line;
// the parser accepts `--name value` and `--name=value`, rejects unknown
// options and stray arguments with a message that names them, and prints
// the declared options as the subcommand's --help.
//
//===----------------------------------------------------------------------===//
#pragma once

#include <cstdint>
#include <string>
#include <vector>

namespace thymos::fit {

class OptionParser {
public:
  /// `usage` is the synopsis after "usage: ", `summary` a paragraph of help.
  OptionParser(std::string command, std::string usage, std::string summary);

  /// An option with a value, stored as text in `out` (which holds the default).
  void value(const std::string &name, const std::string &metavar, const std::string &help,
             std::string &out);
  /// An option without a value: `out` becomes true when present.
  void flag(const std::string &name, const std::string &help, bool &out);

  enum class Result { Ok, Help, Error };
  /// Parses argv[first..argc). On Error, `error` says what was wrong.
  Result parse(int argc, char **argv, int first, std::string &error);
  bool seen(const std::string &name) const;
  std::string help() const;

private:
  struct Spec {
    std::string name, metavar, help;
    std::string *value = nullptr;
    bool *flag = nullptr;
    bool seen = false;
  };
  Spec *find(const std::string &name);
  std::string spelling(const Spec &s) const;

  std::string command_, usage_, summary_;
  std::vector<Spec> specs_;
};

/// Conversions for option values, with messages such as
/// "--C: expected a positive number, got '-1'".
bool parseNumber(const std::string &option, const std::string &text, double &out,
                 std::string &error);
bool parsePositive(const std::string &option, const std::string &text, double &out,
                   std::string &error);
bool parseNonNegative(const std::string &option, const std::string &text, double &out,
                      std::string &error);
bool parseInteger(const std::string &option, const std::string &text, int64_t minimum,
                  int64_t &out, std::string &error);

} // namespace thymos::fit
