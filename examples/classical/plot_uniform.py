"""Draws the p = 2 and p = 4 solutions of the uniform-square demo side by side
as one SVG (standard library only), for docs/classical-ml.md:

    thymos-fit sample uniform --n 8000 --seed 1 -o points.csv
    (echo x0,x1,target; echo 0.25,0.5,0; echo 0.75,0.5,1; tail -n +2 points.csv) > square.csv
    thymos-fit plap --data square.csv --p 2 --values p2.csv
    thymos-fit plap --data square.csv --p 4 --values p4.csv
    python3 examples/classical/plot_uniform.py p2.csv p4.csv docs/classical-ml-uniform.svg

Top row: u averaged over the cells of a 25 x 25 grid (colour from 0, dark,
to 1, light). Bottom row: u against x0 for the points with |x1 - 0.5| < 0.02,
the band through both labels.
"""
import sys

CELLS = 25
PANEL = 300  # pixels per panel side
MARGIN = 40


def read_values(path):
    with open(path, encoding="utf-8") as f:
        lines = f.read().split()
    rows = [[float(v) for v in line.split(",")] for line in lines[1:]]
    return [(r[0], r[1], r[2], r[3] != 0.0) for r in rows]


def colour(u):
    """A dark-blue to light-yellow ramp for u in [0, 1]."""
    t = min(max(u, 0.0), 1.0)
    low, high = (32, 40, 110), (250, 230, 120)
    return "rgb(%d,%d,%d)" % tuple(round(a + (b - a) * t) for a, b in zip(low, high))


def heat_map(points, left, top):
    sums = [[0.0] * CELLS for _ in range(CELLS)]
    counts = [[0] * CELLS for _ in range(CELLS)]
    for x, y, u, _ in points:
        i, j = min(int(x * CELLS), CELLS - 1), min(int(y * CELLS), CELLS - 1)
        sums[j][i] += u
        counts[j][i] += 1
    size = PANEL / CELLS
    out = []
    for j in range(CELLS):
        for i in range(CELLS):
            if counts[j][i]:
                out.append('<rect x="%.1f" y="%.1f" width="%.1f" height="%.1f" fill="%s"/>' % (
                    left + i * size, top + (CELLS - 1 - j) * size, size + 0.3, size + 0.3,
                    colour(sums[j][i] / counts[j][i])))
    for x, y, _, labelled in points:
        if labelled:
            out.append('<circle cx="%.1f" cy="%.1f" r="5" fill="none" stroke="red" '
                       'stroke-width="2"/>' % (left + x * PANEL, top + (1 - y) * PANEL))
    return out


def profile(points, left, top):
    out = ['<rect x="%d" y="%d" width="%d" height="%d" fill="none" stroke="black"/>' % (
        left, top, PANEL, PANEL)]
    for v in (0.0, 0.5, 1.0):
        y = top + (1 - v) * PANEL
        out.append('<line x1="%d" y1="%.1f" x2="%d" y2="%.1f" stroke="#ccc"/>' % (
            left, y, left + PANEL, y))
        out.append('<text x="%d" y="%.1f" font-size="11" text-anchor="end">%g</text>' % (
            left - 4, y + 4, v))
    for x, y, u, labelled in points:
        if abs(y - 0.5) < 0.02:
            out.append('<circle cx="%.1f" cy="%.1f" r="%s" fill="%s"/>' % (
                left + x * PANEL, top + (1 - u) * PANEL, "4" if labelled else "1.6",
                "red" if labelled else "#234"))
    out.append('<text x="%d" y="%d" font-size="12" text-anchor="middle">x0 (band |x1 - 0.5| &lt; 0.02)'
               '</text>' % (left + PANEL / 2, top + PANEL + 16))
    return out


def main(p2_path, p4_path, out_path):
    panels = [("p = 2", read_values(p2_path)), ("p = 4", read_values(p4_path))]
    width = 2 * PANEL + 3 * MARGIN
    height = 2 * PANEL + 3 * MARGIN + 20
    body = []
    for k, (title, points) in enumerate(panels):
        left = MARGIN + k * (PANEL + MARGIN)
        body.append('<text x="%d" y="%d" font-size="15" text-anchor="middle">%s, n = %d</text>' % (
            left + PANEL / 2, MARGIN - 12, title, len(points)))
        body += heat_map(points, left, MARGIN)
        body += profile(points, left, 2 * MARGIN + PANEL)
    with open(out_path, "w", encoding="utf-8") as f:
        f.write('<svg xmlns="http://www.w3.org/2000/svg" width="%d" height="%d" '
                'font-family="sans-serif">\n' % (width, height))
        f.write('<rect width="100%" height="100%" fill="white"/>\n')
        f.write("\n".join(body) + "\n</svg>\n")


if __name__ == "__main__":
    if len(sys.argv) != 4:
        sys.exit(__doc__)
    main(*sys.argv[1:])
