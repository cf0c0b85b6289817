"""Compares thymos-fit svr with libsvm's svm-train/svm-predict (-s 3, the
same epsilon-SVR dual, solved by libsvm's own SMO):

  libsvm_peer.py prepare TRAIN.csv EVAL.csv PREFIX
      standardises features and target by TRAIN's mean and population std
      and writes PREFIX.train.csv, PREFIX.eval.csv (for thymos-fit, which
      then runs without --standardize) and PREFIX.train.svm, PREFIX.eval.svm
      (libsvm's sparse text format, every value with 17 digits).
  libsvm_peer.py compare SUMMARY.txt LIBSVM.log LIBSVM.model PRED.csv LIBSVM.pred
      checks thymos-fit's support-vector count, b and dual objective against
      libsvm's (total_sv, -rho, obj) and the compiled graph's predictions on
      EVAL against svm-predict's.

libsvm caches kernel values as 32-bit floats, so it solves a problem whose
kernel is perturbed by ~1e-7 relative; the limits allow for that.
Prints what it measured; exits 1 when a check fails.
"""
import re
import sys

import numpy as np

from reference import check, summary


def write_svm(path, x, y):
    with open(path, "w", encoding="utf-8") as f:
        for row, target in zip(x, y):
            cells = " ".join(f"{k + 1}:{v:.17g}" for k, v in enumerate(row))
            f.write(f"{target:.17g} {cells}\n")


def write_csv(path, x, y):
    header = ",".join([f"x{k}" for k in range(x.shape[1])] + ["target"])
    np.savetxt(path, np.c_[x, y], delimiter=",", header=header, comments="", fmt="%.17g")


def prepare(train_path, eval_path, prefix):
    train = np.loadtxt(train_path, delimiter=",", skiprows=1, ndmin=2)
    evaluate = np.loadtxt(eval_path, delimiter=",", skiprows=1, ndmin=2)
    mu, sd = train[:, :-1].mean(0), train[:, :-1].std(0)
    ym, ys = train[:, -1].mean(), train[:, -1].std()
    for name, data in (("train", train), ("eval", evaluate)):
        x, y = (data[:, :-1] - mu) / sd, (data[:, -1] - ym) / ys
        write_csv(f"{prefix}.{name}.csv", x, y)
        write_svm(f"{prefix}.{name}.svm", x, y)
    return True


def compare(summary_path, log_path, model_path, pred_path, libsvm_pred_path):
    ours = summary(summary_path)
    with open(log_path, encoding="utf-8") as f:
        obj = float(re.search(r"obj = (\S+),", f.read()).group(1))
    with open(model_path, encoding="utf-8") as f:
        model = dict(line.split(None, 1) for line in f if line[0].isalpha() and " " in line)
    rho, total_sv = float(model["rho"]), int(model["total_sv"])
    got = np.loadtxt(pred_path, ndmin=1)
    want = np.loadtxt(libsvm_pred_path, ndmin=1)
    print(f"libsvm: {total_sv} support vectors, b = {-rho:.12g}, objective = {obj:.6f}")
    ok = check("max difference of predictions, relative to their range",
               np.max(np.abs(got - want)) / np.ptp(want), 1e-5)
    ok &= check("difference of b", abs(float(ours["b"]) + rho), 1e-5)
    ok &= check("relative difference of the dual objective",
                abs(float(ours["dual_objective"]) - obj) / abs(obj), 1e-6)
    ok &= check("difference of the support-vector count",
                abs(int(ours["support_vectors"]) - total_sv), 0)
    return ok


def main(argv):
    commands = {"prepare": prepare, "compare": compare}
    if len(argv) < 2 or argv[1] not in commands:
        print(__doc__, file=sys.stderr)
        return 2
    return 0 if commands[argv[1]](*argv[2:]) else 1


if __name__ == "__main__":
    sys.exit(main(sys.argv))
