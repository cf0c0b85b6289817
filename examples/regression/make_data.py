"""Writes stand-in datasets with the shapes of the shared ones, for machines
without ../shared/data: diabetes.{train,test}.csv (353/89 rows, 10 features
and a real target) and breast_cancer.{train,test}.csv (455/114 rows, 30
features and a 0/1 target). Standard library only; a fixed seed.

    python3 make_data.py OUTPUT_DIR
"""
import math
import os
import random
import sys


def write(path, header, rows):
    with open(path, "w", encoding="utf-8") as f:
        f.write(",".join(header) + "\n")
        for row in rows:
            f.write(",".join(repr(v) for v in row) + "\n")


def regression(rng, n, weights):
    rows = []
    for _ in range(n):
        x = [rng.gauss(0.0, 0.05) for _ in weights]
        y = 150.0 + sum(w * v for w, v in zip(weights, x)) + rng.gauss(0.0, 50.0)
        rows.append(x + [y])
    return rows


def classification(rng, n, weights):
    rows = []
    for _ in range(n):
        x = [rng.gauss(10.0, 3.0) for _ in weights]
        z = sum(w * (v - 10.0) for w, v in zip(weights, x)) + rng.gauss(0.0, 1.0)
        rows.append(x + [1 if z > 0 else 0])
    return rows


def main(out):
    os.makedirs(out, exist_ok=True)
    rng = random.Random(0)
    w_reg = [rng.uniform(-800.0, 800.0) for _ in range(10)]
    header = [f"x{i}" for i in range(10)] + ["target"]
    write(os.path.join(out, "diabetes.train.csv"), header, regression(rng, 353, w_reg))
    write(os.path.join(out, "diabetes.test.csv"), header, regression(rng, 89, w_reg))
    w_cls = [rng.uniform(-1.0, 1.0) for _ in range(30)]
    header = [f"x{i}" for i in range(30)] + ["target"]
    write(os.path.join(out, "breast_cancer.train.csv"), header, classification(rng, 455, w_cls))
    write(os.path.join(out, "breast_cancer.test.csv"), header, classification(rng, 114, w_cls))
    assert math.isfinite(sum(w_reg))


if __name__ == "__main__":
    main(sys.argv[1])
