"""Independent float64 references for thymos-fit, written with NumPy only
(run with /usr/bin/python3, Debian's interpreter with python3-numpy):

  reference.py svr TRAIN.csv EVAL.csv PRED.csv SUMMARY.txt KERNEL C EPS GAMMA
      solves the epsilon-SVR dual of the standardised TRAIN data by a
      primal-dual interior-point method to ~1e-12 and compares Thymos's
      predictions on EVAL (PRED, one value per line, target units), its b and
      dual objective (from SUMMARY, thymos-fit's 'key = value' output) and its
      support-vector count.
  reference.py lssvr TRAIN.csv EVAL.csv PRED.csv GAMMA SIGMA2
      solves the (n+1)x(n+1) LS-SVR KKT system directly (numpy.linalg.solve)
      and compares the predictions.
  reference.py plap DATA.csv VALUES.csv P K PER_CLASS
      builds the k-NN graph itself, checks Thymos's u (VALUES, written by
      thymos-fit plap --values) for stationarity (gradient norm on the
      unlabelled nodes) and, for p = 2, against the harmonic extension.
  reference.py newton LOG
      reads the 'newton' lines of thymos-fit plap's progress and checks that
      the energy never increases and the last gradient norm is below 1e-8.
Prints what it measured; exits 1 when a check fails.
"""
import re
import sys

import numpy as np


def load(path):
    return np.loadtxt(path, delimiter=",", skiprows=1, ndmin=2)


def summary(path):
    values = {}
    with open(path, encoding="utf-8") as f:
        for line in f:
            m = re.match(r"^(\w+) = (.*)$", line.strip())
            if m:
                values[m.group(1)] = m.group(2)
    return values


def check(name, value, limit):
    ok = value <= limit
    print(f"{name}: {value:.3e} ({'ok' if ok else 'FAIL'}, limit {limit:g})")
    return ok


def kernel_matrix(kind, a, b, gamma):
    if kind == "linear":
        return a @ b.T
    d2 = ((a[:, None, :] - b[None, :, :]) ** 2).sum(-1)
    return np.exp(-gamma * d2)


def svr_dual_ipm(K, z, C, eps, iterations=200):
    """min ½aᵀQa + pᵀa, yᵀa = 0, 0 <= a <= C over a = [a+; a-], by a
    path-following primal-dual interior-point method. Returns (beta, b, obj)."""
    l = len(z)
    y = np.r_[np.ones(l), -np.ones(l)]
    Q = np.block([[K, -K], [-K, K]])
    p = np.r_[eps - z, eps + z]
    n = 2 * l
    a = np.full(n, C / 2)
    zl = np.ones(n)  # multipliers of a >= 0
    wu = np.ones(n)  # multipliers of a <= C
    lam = 0.0
    for _ in range(iterations):
        s = C - a
        mu = (a @ zl + s @ wu) / (2 * n)
        rd = Q @ a + p - zl + wu + lam * y
        rp = y @ a
        if mu < 1e-15 and np.abs(rd).max() < 1e-12 and abs(rp) < 1e-12:
            break
        sigma = 0.1
        target = sigma * mu
        H = Q + np.diag(zl / a + wu / s)
        rhs = -rd + (target - a * zl) / a - (target - s * wu) / s
        M = np.zeros((n + 1, n + 1))
        M[:n, :n] = H
        M[:n, n] = y
        M[n, :n] = y
        sol = np.linalg.solve(M, np.r_[rhs, -rp])
        da, dlam = sol[:n], sol[n]
        dz = (target - a * zl - zl * da) / a
        dw = (target - s * wu + wu * da) / s
        step = 1.0
        for v, dv in ((a, da), (s, -da), (zl, dz), (wu, dw)):
            neg = dv < 0
            if neg.any():
                step = min(step, 0.99 * np.min(-v[neg] / dv[neg]))
        a = a + step * da
        zl = zl + step * dz
        wu = wu + step * dw
        lam = lam + step * dlam
    beta = a[:l] - a[l:]
    obj = 0.5 * a @ Q @ a + p @ a
    return beta, lam, obj


def standardise(train, evaluate):
    x, y = train[:, :-1], train[:, -1]
    mu, sd = x.mean(0), x.std(0)
    ym, ys = y.mean(), y.std()
    return (x - mu) / sd, (y - ym) / ys, (evaluate[:, :-1] - mu) / sd, ym, ys


def svr(train_path, eval_path, pred_path, summary_path, kind, C, eps, gamma):
    C, eps, gamma = float(C), float(eps), float(gamma)
    z, t, ze, ym, ys = standardise(load(train_path), load(eval_path))
    beta, b, obj = svr_dual_ipm(kernel_matrix(kind, z, z, gamma), t, C, eps)
    want = (kernel_matrix(kind, ze, z, gamma) @ beta + b) * ys + ym
    got = np.loadtxt(pred_path, ndmin=1)
    s = summary(summary_path)
    sv = int(np.sum(np.abs(beta) > 1e-7 * C))
    print(f"reference: {sv} support vectors, b = {b:.12g}, objective = {obj:.12g}")
    ok = check("max relative difference of predictions",
               np.max(np.abs(got - want) / np.abs(want)), 1e-6)
    ok &= check("difference of b", abs(float(s["b"]) - b), 1e-6)
    ok &= check("relative difference of the dual objective",
                abs(float(s["dual_objective"]) - obj) / abs(obj), 1e-9)
    ok &= check("difference of the support-vector count",
                abs(int(s["support_vectors"]) - sv), 0)
    return ok


def lssvr(train_path, eval_path, pred_path, gamma, sigma2):
    gamma, sigma2 = float(gamma), float(sigma2)
    z, t, ze, ym, ys = standardise(load(train_path), load(eval_path))
    n = len(z)
    kkt = np.zeros((n + 1, n + 1))
    kkt[0, 1:] = 1.0
    kkt[1:, 0] = 1.0
    kkt[1:, 1:] = kernel_matrix("rbf", z, z, 1.0 / sigma2) + np.eye(n) / gamma
    sol = np.linalg.solve(kkt, np.r_[0.0, t])
    want = (kernel_matrix("rbf", ze, z, 1.0 / sigma2) @ sol[1:] + sol[0]) * ys + ym
    got = np.loadtxt(pred_path, ndmin=1)
    print(f"reference: b = {sol[0]:.12g}")
    return check("max relative difference of predictions",
                 np.max(np.abs(got - want) / np.abs(want)), 1e-6)


def knn_weights(x, k):
    n = len(x)
    d2 = ((x[:, None, :] - x[None, :, :]) ** 2).sum(-1)
    np.fill_diagonal(d2, np.inf)
    w = np.zeros((n, n))
    for i in range(n):
        nbrs = np.argsort(d2[i], kind="stable")[:k]
        w[i, nbrs] = np.exp(-4.0 * d2[i, nbrs] / d2[i, nbrs[-1]])
    return (w + w.T) / 2


def plap(data_path, values_path, p, k, per_class):
    p, k, per_class = float(p), int(k), int(per_class)
    data = load(data_path)
    x, target = data[:, :-1], data[:, -1]
    labelled = np.zeros(len(x), dtype=bool)
    for c in np.unique(target):
        labelled[np.flatnonzero(target == c)[:per_class]] = True
    w = knn_weights(x, k)
    values = load(values_path)
    u = values[:, -2]
    ok = check("labelled flags differ", float(np.sum(values[:, -1].astype(bool) != labelled)), 0)
    ok &= check("labels differ", np.max(np.abs(u[labelled] - (2 * target[labelled] - 1))), 0)
    diff = u[:, None] - u[None, :]
    energy = np.sum(w * np.abs(diff) ** p)
    grad = 2 * p * np.sum(w * np.abs(diff) ** (p - 2) * diff, axis=1)
    print(f"reference: energy {energy:.15e}")
    ok &= check("gradient norm on the unlabelled nodes", np.linalg.norm(grad[~labelled]), 1e-8)
    if p == 2:
        lap = np.diag(w.sum(1)) - w
        U, L = ~labelled, labelled
        harmonic = u.copy()
        harmonic[U] = np.linalg.solve(lap[np.ix_(U, U)], -lap[np.ix_(U, L)] @ u[L])
        ok &= check("max difference to the harmonic extension",
                    np.max(np.abs(harmonic - u)), 1e-6)
    accuracy = np.mean(np.sign(u[~labelled]) == 2 * target[~labelled] - 1)
    print(f"reference: accuracy {accuracy:.6f}")
    return ok


def newton(log_path):
    energies, grads = [], []
    pattern = re.compile(r"newton\s+(\d+): energy = (\S+)\s+\|grad\| = (\S+)")
    with open(log_path, encoding="utf-8") as f:
        for line in f:
            m = pattern.search(line)
            if not m:
                continue
            if int(m.group(1)) == 0:  # a new value of p starts
                energies, grads = [], []
            energies.append(float(m.group(2)))
            grads.append(float(m.group(3)))
    increases = sum(b > a for a, b in zip(energies, energies[1:]))
    print(f"{len(energies) - 1} iterations, energy {energies[0]:.6e} -> {energies[-1]:.15e}")
    ok = check("energy increases", float(increases), 0)
    ok &= check("last gradient norm", grads[-1], 1e-8)
    return ok


def main(argv):
    commands = {"svr": svr, "lssvr": lssvr, "plap": plap, "newton": newton}
    if len(argv) < 2 or argv[1] not in commands:
        print(__doc__)
        return 2
    return 0 if commands[argv[1]](*argv[2:]) else 1


if __name__ == "__main__":
    sys.exit(main(sys.argv))
