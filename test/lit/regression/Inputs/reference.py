"""Independent float64 references for the regression demos, in pure Python
(no NumPy), so the tests need nothing beyond python3:

  reference.py ols TRAIN.csv BETA.csv
      least squares with an intercept by Householder QR; compares with the
      coefficients Thymos wrote (intercept first), 1e-6 relative.
  reference.py logreg TRAIN.csv W.csv B.csv STEPS
      standardise with the train mean and population std, then STEPS
      full-batch gradient steps (learning rate 0.1, zero start); compares w
      and b with Thymos's, 1e-6 relative.
Prints the largest relative difference and exits 1 when it is too large.
"""
import math
import sys


def read_csv(path):
    with open(path, encoding="utf-8") as f:
        lines = f.read().splitlines()
    rows = [[float(v) for v in line.split(",")] for line in lines[1:] if line]
    return [r[:-1] for r in rows], [r[-1] for r in rows]


def read_column(path):
    with open(path, encoding="utf-8") as f:
        return [float(line) for line in f.read().split()]


def least_squares_qr(a, b):
    """Solves min |a·x - b| by Householder reflections applied to [a | b]."""
    m, n = len(a), len(a[0])
    r = [row[:] + [bv] for row, bv in zip(a, b)]
    for k in range(n):
        norm = math.sqrt(sum(r[i][k] ** 2 for i in range(k, m)))
        alpha = -norm if r[k][k] >= 0 else norm
        v = [0.0] * m
        v[k] = r[k][k] - alpha
        for i in range(k + 1, m):
            v[i] = r[i][k]
        vv = sum(x * x for x in v[k:])
        for j in range(k, n + 1):
            dot = sum(v[i] * r[i][j] for i in range(k, m))
            f = 2.0 * dot / vv
            for i in range(k, m):
                r[i][j] -= f * v[i]
    x = [0.0] * n
    for i in reversed(range(n)):
        x[i] = (r[i][n] - sum(r[i][j] * x[j] for j in range(i + 1, n))) / r[i][i]
    return x


def max_relative(got, want):
    return max(abs(g - w) / max(abs(w), 1e-300) for g, w in zip(got, want))


def ols(train, beta_path):
    x, y = read_csv(train)
    want = least_squares_qr([[1.0] + row for row in x], y)
    return max_relative(read_column(beta_path), want)


def logreg(train, w_path, b_path, steps):
    x, y = read_csv(train)
    n, d = len(x), len(x[0])
    mu = [sum(row[j] for row in x) / n for j in range(d)]
    sd = [math.sqrt(sum((row[j] - mu[j]) ** 2 for row in x) / n) for j in range(d)]
    xs = [[(row[j] - mu[j]) / sd[j] for j in range(d)] for row in x]
    cols = list(zip(*xs))
    w, b = [0.0] * d, 0.0
    for _ in range(steps):
        r = [1.0 / (1.0 + math.exp(-(sum(wj * xj for wj, xj in zip(w, row)) + b))) - yi
             for row, yi in zip(xs, y)]
        w = [wj - 0.1 * sum(c * ri for c, ri in zip(col, r)) / n for wj, col in zip(w, cols)]
        b -= 0.1 * sum(r) / n
    return max(max_relative(read_column(w_path), w), max_relative(read_column(b_path), [b]))


def main():
    mode = sys.argv[1]
    if mode == "ols":
        diff = ols(sys.argv[2], sys.argv[3])
    elif mode == "logreg":
        diff = logreg(sys.argv[2], sys.argv[3], sys.argv[4], int(sys.argv[5]))
    else:
        sys.exit(f"unknown mode {mode}")
    print(f"max relative difference: {diff:.3e}")
    sys.exit(0 if diff <= 1e-6 else 1)


if __name__ == "__main__":
    main()
