#!/usr/bin/env python3
"""Compares the engine's logits with the float64 reference's (reference_forward.py).

The tolerance is relative to the scale of the logits (the largest |ref| in the compared rows),
not to each element: logits near zero carry no more absolute error than large ones, so a
per-element relative test would fail on noise. Exit status: 0 within tolerance, 1 outside it
(or non-finite values in ours), 2 on bad input (missing file, not .npy, wrong shape or type).
"""
import argparse
import sys

try:
    import numpy as np
except ImportError:
    sys.exit("compare_logits.py: needs numpy (Debian: apt-get install python3-numpy)")

BAD_INPUT = 2


def bad_input(message):
    print(f"compare_logits.py: {message}", file=sys.stderr)
    sys.exit(BAD_INPUT)


def load_logits(path, role):
    """Loads a real [rows, vocab] array; leading axes of size 1 (a batch of one) are dropped."""
    try:
        with open(path, "rb") as f:
            # np.load takes anything without the .npy magic for a pickle: say what it is not.
            if f.read(6) != b"\x93NUMPY":
                bad_input(f"{role} file {path}: not a .npy file (no .npy magic)")
            f.seek(0)
            a = np.load(f, allow_pickle=False)
    except FileNotFoundError:
        bad_input(f"{role} file {path}: no such file")
    except (OSError, ValueError, EOFError) as e:
        bad_input(f"{role} file {path}: cannot read it as .npy ({e})")
    if a.dtype.kind not in "fiu":
        bad_input(f"{role} file {path}: dtype {a.dtype} is not a real number type")
    while a.ndim > 2 and a.shape[0] == 1:
        a = a[0]
    if a.ndim != 2:
        bad_input(f"{role} file {path}: shape {a.shape}, expected [rows, vocab]")
    return a.astype(np.float64)


def main():
    ap = argparse.ArgumentParser(
        description="Compare logits [rows, vocab] (ours, any float type) against the float64 "
                    "reference. Passes when max |ours - ref| <= tol * max |ref| over the "
                    "compared rows.",
        epilog="exit status: 0 pass, 1 fail, 2 bad input")
    ap.add_argument("ours", help="our logits, .npy")
    ap.add_argument("ref", help="reference logits, .npy (from reference_forward.py --out)")
    ap.add_argument("--rows", type=int, metavar="N",
                    help="compare the first N rows only (both files need at least N); "
                         "default: all rows, and the row counts must be equal")
    ap.add_argument("--ref-rows", metavar="I,J,...",
                    help="compare ours against these rows of the reference, in this order "
                         "(e.g. the last row of a prefill chunk, then the decode steps)")
    ap.add_argument("--tol", type=float, default=1e-4,
                    help="tolerance relative to the logits' scale (default 1e-4)")
    args = ap.parse_args()
    if args.rows is not None and args.rows <= 0:
        bad_input(f"--rows must be positive, got {args.rows}")
    if not args.tol >= 0:
        bad_input(f"--tol must be non-negative, got {args.tol}")

    ours = load_logits(args.ours, "ours")
    ref = load_logits(args.ref, "reference")
    if ours.shape[1] != ref.shape[1]:
        bad_input(f"vocabulary sizes differ: ours {ours.shape[1]}, reference {ref.shape[1]}")
    if args.ref_rows is not None:
        try:
            picked = [int(r) for r in args.ref_rows.split(",")]
        except ValueError:
            bad_input(f"--ref-rows needs comma-separated row numbers, got {args.ref_rows!r}")
        if any(r < 0 or r >= ref.shape[0] for r in picked):
            bad_input(f"--ref-rows {args.ref_rows}: the reference has {ref.shape[0]} rows")
        ref = ref[picked]
    if args.rows is None:
        if ours.shape[0] != ref.shape[0]:
            bad_input(f"row counts differ: ours {ours.shape[0]}, reference {ref.shape[0]} "
                      f"(use --rows N to compare the first N)")
        rows = ref.shape[0]
    else:
        rows = args.rows
        for a, role in ((ours, "ours"), (ref, "reference")):
            if a.shape[0] < rows:
                bad_input(f"{role} has {a.shape[0]} rows, fewer than --rows {rows}")
    ours, ref = ours[:rows], ref[:rows]
    if not np.isfinite(ref).all():
        bad_input("the reference holds NaN or infinite values")
    if rows == 0 or ref.shape[1] == 0:
        bad_input("nothing to compare (no rows or an empty vocabulary)")

    scale = float(np.abs(ref).max())
    if not np.isfinite(ours).all():
        r, c = np.argwhere(~np.isfinite(ours))[0]
        print(f"rows {rows} vocab {ref.shape[1]}: ours holds a non-finite value "
              f"({ours[r, c]}) at row {r}, col {c}")
        print("FAIL")
        return 1
    diff = np.abs(ours - ref)
    r, c = np.unravel_index(int(np.argmax(diff)), diff.shape)
    worst = float(diff[r, c])
    relative = worst / scale if scale > 0 else (0.0 if worst == 0 else float("inf"))
    print(f"rows {rows} vocab {ref.shape[1]}: max |ours - ref| = {worst:.3e} = "
          f"{relative:.3e} x scale (scale {scale:.6g}), tolerance {args.tol:g}")
    # Where it went wrong, and whether the sampled token would change: both help a bug report.
    same_argmax = int((ours.argmax(axis=1) == ref.argmax(axis=1)).sum())
    print(f"worst at row {r}, col {c}: ours {ours[r, c]:.9g}, ref {ref[r, c]:.9g}; "
          f"argmax agrees on {same_argmax}/{rows} rows")
    passed = worst <= args.tol * scale
    print("PASS" if passed else "FAIL")
    return 0 if passed else 1


if __name__ == "__main__":
    sys.exit(main())
