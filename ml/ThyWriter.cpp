//===- ThyWriter.cpp - Writing .thy modules from code ------------------------===//

#include "ml/ThyWriter.h"

#include "runtime/io/Csv.h"

namespace thymos::ml {

std::string ThyValue::type() const {
  std::string s = "f64[";
  for (size_t i = 0; i < shape.size(); ++i)
    s += (i ? "," : "") + std::to_string(shape[i]);
  return s + "]";
}

int64_t ThyValue::elements() const {
  int64_t n = 1;
  for (int64_t d : shape)
    n *= d;
  return n;
}

std::string thyNumber(double v) { return rt::formatShortest(v); }

ThyValue ThyGraph::argument(const std::string &name, std::vector<int64_t> shape) {
  arguments_.push_back({name, std::move(shape)});
  return arguments_.back();
}

ThyValue ThyGraph::op(const std::string &result, const std::string &opName,
                      const std::vector<ThyValue> &operands, std::vector<int64_t> shape,
                      const std::string &attrs) {
  ThyValue v{result, std::move(shape)};
  std::string line = "  %" + result + " = " + opName;
  std::string domain;
  for (size_t i = 0; i < operands.size(); ++i) {
    line += (i ? ", %" : " %") + operands[i].name;
    domain += (i ? ", " : "") + operands[i].type();
  }
  if (!attrs.empty())
    line += " {" + attrs + "}";
  body_ += line + " : (" + domain + ") -> " + v.type() + "\n";
  return v;
}

namespace {

/// Nested brackets for the elements [offset, offset + prod(shape[dim:])).
void appendArray(std::string &out, const std::vector<int64_t> &shape, size_t dim,
                 const double *values, int64_t &offset, const std::string &indent) {
  out += "[";
  for (int64_t i = 0; i < shape[dim]; ++i) {
    if (i)
      out += dim + 2 == shape.size() ? ",\n" + indent + " " : ", ";
    if (dim + 1 == shape.size())
      out += thyNumber(values[offset++]);
    else
      appendArray(out, shape, dim + 1, values, offset, indent + " ");
  }
  out += "]";
}

} // namespace

ThyValue ThyGraph::constant(const std::string &result, std::vector<int64_t> shape,
                            const std::vector<double> &values) {
  ThyValue v{result, std::move(shape)};
  std::string literal;
  if (v.shape.empty()) {
    literal = thyNumber(values.at(0));
  } else {
    int64_t offset = 0;
    appendArray(literal, v.shape, 0, values.data(), offset, "      ");
  }
  body_ += "  %" + result + " = const {value = " + literal + "} : () -> " + v.type() + "\n";
  return v;
}

ThyValue ThyGraph::splat(const std::string &result, std::vector<int64_t> shape, double value) {
  ThyValue v{result, std::move(shape)};
  body_ += "  %" + result + " = const {value = " + thyNumber(value) + "} : () -> " + v.type() +
           "\n";
  return v;
}

void ThyGraph::comment(const std::string &text) { body_ += "  // " + text + "\n"; }

void ThyGraph::returns(const std::vector<ThyValue> &values) { results_ = values; }

std::string ThyGraph::text() const {
  std::string s = "graph @" + name_ + "(";
  for (size_t i = 0; i < arguments_.size(); ++i)
    s += (i ? ", %" : "%") + arguments_[i].name + ": " + arguments_[i].type();
  s += ") -> ";
  if (results_.size() == 1) {
    s += results_[0].type();
  } else {
    s += "(";
    for (size_t i = 0; i < results_.size(); ++i)
      s += (i ? ", " : "") + results_[i].type();
    s += ")";
  }
  s += " {\n" + body_ + "  return";
  for (size_t i = 0; i < results_.size(); ++i)
    s += (i ? ", %" : " %") + results_[i].name;
  return s + "\n}\n";
}

std::string thyModule(const std::string &name, const std::string &comment,
                      const std::vector<ThyGraph> &graphs) {
  std::string s;
  size_t begin = 0;
  while (begin < comment.size()) {
    size_t end = comment.find('\n', begin);
    if (end == std::string::npos)
      end = comment.size();
    std::string line = comment.substr(begin, end - begin);
    s += line.empty() ? "//\n" : "// " + line + "\n";
    begin = end + 1;
  }
  s += "module @" + name + "\n";
  for (const ThyGraph &g : graphs)
    s += "\n" + g.text();
  return s;
}

} // namespace thymos::ml
