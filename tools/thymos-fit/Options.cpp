//===- Options.cpp - Command-line options of thymos-fit's subcommands --------===//

#include "Options.h"

#include <cerrno>
#include <cmath>
#include <cstdlib>

namespace thymos::fit {

OptionParser::OptionParser(std::string command, std::string usage, std::string summary)
    : command_(std::move(command)), usage_(std::move(usage)), summary_(std::move(summary)) {}

void OptionParser::value(const std::string &name, const std::string &metavar,
                         const std::string &help, std::string &out) {
  specs_.push_back({name, metavar, help, &out, nullptr, false});
}

void OptionParser::flag(const std::string &name, const std::string &help, bool &out) {
  specs_.push_back({name, "", help, nullptr, &out, false});
}

OptionParser::Spec *OptionParser::find(const std::string &name) {
  for (Spec &s : specs_)
    if (s.name == name)
      return &s;
  return nullptr;
}

std::string OptionParser::spelling(const Spec &s) const {
  return (s.name == "o" ? "-" : "--") + s.name;
}

bool OptionParser::seen(const std::string &name) const {
  for (const Spec &s : specs_)
    if (s.name == name)
      return s.seen;
  return false;
}

OptionParser::Result OptionParser::parse(int argc, char **argv, int first, std::string &error) {
  const std::string seeHelp = " (see '" + command_ + " --help')";
  for (int i = first; i < argc; ++i) {
    std::string arg = argv[i];
    if (arg == "--help" || arg == "-h")
      return Result::Help;
    if (arg.size() < 2 || arg[0] != '-') {
      error = "unexpected argument '" + arg + "'" + seeHelp;
      return Result::Error;
    }
    std::string name = arg.substr(arg[1] == '-' ? 2 : 1), text;
    bool inlineValue = false;
    if (size_t eq = name.find('='); eq != std::string::npos) {
      text = name.substr(eq + 1);
      name = name.substr(0, eq);
      inlineValue = true;
    }
    Spec *s = find(name);
    // Every option takes two dashes; one-letter ones (-o) may take one.
    if (!s || (arg[1] != '-' && name.size() > 1)) {
      error = "unknown option '" + arg.substr(0, arg.find('=')) + "'" + seeHelp;
      return Result::Error;
    }
    if (s->seen) {
      error = "option '" + spelling(*s) + "' given twice";
      return Result::Error;
    }
    s->seen = true;
    if (s->flag) {
      if (inlineValue) {
        error = "option '" + spelling(*s) + "' takes no value";
        return Result::Error;
      }
      *s->flag = true;
      continue;
    }
    if (!inlineValue) {
      if (i + 1 >= argc) {
        error = "option '" + spelling(*s) + "' needs a value (" + s->metavar + ")";
        return Result::Error;
      }
      text = argv[++i];
    }
    *s->value = text;
  }
  return Result::Ok;
}

std::string OptionParser::help() const {
  std::string out = "usage: " + usage_ + "\n\n" + summary_ + "\n\noptions:\n";
  for (const Spec &s : specs_) {
    std::string left = "  " + spelling(s) + (s.metavar.empty() ? "" : " " + s.metavar);
    if (left.size() < 24)
      left.resize(24, ' ');
    else
      left += "\n" + std::string(24, ' ');
    std::string right = s.help;
    if (s.value && !s.value->empty())
      right += " (default: " + *s.value + ")";
    out += left + right + "\n";
  }
  out += "  --help                show this help\n";
  return out;
}

bool parseNumber(const std::string &option, const std::string &text, double &out,
                 std::string &error) {
  char *end = nullptr;
  errno = 0;
  double v = std::strtod(text.c_str(), &end);
  if (text.empty() || *end != '\0' || errno == ERANGE || !std::isfinite(v)) {
    error = option + ": expected a finite number, got '" + text + "'";
    return false;
  }
  out = v;
  return true;
}

bool parsePositive(const std::string &option, const std::string &text, double &out,
                   std::string &error) {
  if (!parseNumber(option, text, out, error))
    return false;
  if (out > 0.0)
    return true;
  error = option + ": expected a positive number, got '" + text + "'";
  return false;
}

bool parseNonNegative(const std::string &option, const std::string &text, double &out,
                      std::string &error) {
  if (!parseNumber(option, text, out, error))
    return false;
  if (out >= 0.0)
    return true;
  error = option + ": expected a number >= 0, got '" + text + "'";
  return false;
}

bool parseInteger(const std::string &option, const std::string &text, int64_t minimum,
                  int64_t &out, std::string &error) {
  char *end = nullptr;
  errno = 0;
  long long v = std::strtoll(text.c_str(), &end, 10);
  if (text.empty() || *end != '\0' || errno == ERANGE || v < minimum) {
    error = option + ": expected an integer >= " + std::to_string(minimum) + ", got '" + text +
            "'";
    return false;
  }
  out = v;
  return true;
}

} // namespace thymos::fit
