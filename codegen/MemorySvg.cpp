//===- MemorySvg.cpp - The arena plan as a picture (--emit=memory-svg) ---------===//

#include "codegen/MemorySvg.h"

#include <fmt/format.h>

#include <algorithm>
#include <cmath>

namespace thymos::codegen {

namespace {

constexpr double kWidth = 900, kPanelHeight = 360, kMargin = 60, kTitle = 28;

std::string escapeXml(const std::string &text) {
  std::string out;
  for (char c : text) {
    switch (c) {
    case '&': out += "&amp;"; break;
    case '<': out += "&lt;"; break;
    case '>': out += "&gt;"; break;
    case '"': out += "&quot;"; break;
    default: out += c;
    }
  }
  return out;
}

/// Distinct, readable fills: hues spread by the golden angle.
std::string fillFor(size_t index) {
  return fmt::format("hsl({:.0f},60%,70%)", std::fmod(index * 137.508, 360.0));
}

} // namespace

void printMemorySvg(const std::vector<GraphLowering> &graphs, llvm::raw_ostream &os) {
  double height = graphs.size() * (kPanelHeight + kTitle + kMargin) + kMargin;
  os << fmt::format("<svg xmlns=\"http://www.w3.org/2000/svg\" width=\"{:.0f}\" height=\"{:.0f}\" "
                    "font-family=\"sans-serif\" font-size=\"12\">\n",
                    kWidth + 2 * kMargin, height);
  double top = kMargin;
  for (const GraphLowering &g : graphs) {
    const passes::GraphMemoryPlan &m = g.memory;
    int64_t steps = 1;
    for (const auto &b : m.buffers)
      steps = std::max(steps, b.upper);
    double arena = std::max<int64_t>(m.arenaBytes, 1);
    double ratio = m.lowerBoundBytes ? double(m.arenaBytes) / m.lowerBoundBytes : 1.0;
    os << fmt::format("<text x=\"{:.0f}\" y=\"{:.0f}\" font-size=\"15\">@{}: arena {} bytes, "
                      "lower bound {} bytes (ratio {:.3f}), {} steps</text>\n",
                      kMargin, top, escapeXml(g.graph->name()), m.arenaBytes, m.lowerBoundBytes,
                      ratio, steps);
    double y0 = top + kTitle;
    os << fmt::format("<rect x=\"{:.0f}\" y=\"{:.0f}\" width=\"{:.0f}\" height=\"{:.0f}\" "
                      "fill=\"none\" stroke=\"#444\"/>\n",
                      kMargin, y0, kWidth, kPanelHeight);
    for (size_t i = 0; i < m.buffers.size(); ++i) {
      const passes::PlannerBuffer &b = m.buffers[i];
      double x = kMargin + kWidth * b.lower / steps;
      double w = kWidth * (b.upper - b.lower) / steps;
      double y = y0 + kPanelHeight * m.offsets[i] / arena;
      double h = std::max(1.0, kPanelHeight * b.size / arena);
      std::string names;
      for (const ir::Value *v : m.bufferValues[i])
        names += (names.empty() ? "%" : ", %") + v->name();
      os << fmt::format("<rect x=\"{:.1f}\" y=\"{:.1f}\" width=\"{:.1f}\" height=\"{:.1f}\" "
                        "fill=\"{}\" stroke=\"#333\" stroke-width=\"0.5\"><title>{}: {} bytes at "
                        "offset {}, steps [{}, {})</title></rect>\n",
                        x, y, w, h, fillFor(i), escapeXml(names), b.size, m.offsets[i], b.lower,
                        b.upper);
    }
    double lb = y0 + kPanelHeight * m.lowerBoundBytes / arena;
    os << fmt::format("<line x1=\"{:.0f}\" y1=\"{:.1f}\" x2=\"{:.0f}\" y2=\"{:.1f}\" "
                      "stroke=\"#c00\" stroke-dasharray=\"6,4\"/>\n",
                      kMargin, lb, kMargin + kWidth, lb);
    os << fmt::format("<text x=\"{:.0f}\" y=\"{:.0f}\">step 0</text><text x=\"{:.0f}\" "
                      "y=\"{:.0f}\" text-anchor=\"end\">step {}</text>\n",
                      kMargin, y0 + kPanelHeight + 16, kMargin + kWidth, y0 + kPanelHeight + 16,
                      steps);
    top = y0 + kPanelHeight + kMargin;
  }
  os << "</svg>\n";
}

} // namespace thymos::codegen
