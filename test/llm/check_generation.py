#!/usr/bin/env python3
"""Checks thymos-generate's greedy tokens against llama.cpp's, pinned in an .expected file.

For each case of the file (test/llm/make_generate_expected.sh wrote it with llama.cpp) the
model is found in SHARED/models or made with the synth-llama command the case records, and
thymos-generate runs greedily with -b 1 and --logits-out, so that our logits at every step
are at hand. The prompt ids must be equal. The generated ids must be equal, or else, at the
first step where they part, llama.cpp's token must be a near-tie in our own logits: its logit
within --margin (default 1e-3; a case's own "margin:" line overrides it) of the logits' scale (the largest |logit| of that step) below
the token we chose. Every step before is identical by construction, so that step is where
the two computations disagree; the rest of the case then follows a different text and is not
compared. Cases with a text prompt are run a second time with the default prefill chunks,
which must give the same ids as -b 1 (the batched and the one-token graphs agree).

  check_generation.py EXPECTED --generate BIN --gguf-tool BIN --shared DIR --work DIR

Prints one line per case; exits 0 when every case passes, 1 otherwise, 2 on bad input.
"""
import argparse
import json
import os
import shlex
import subprocess
import sys

try:
    import numpy as np
except ImportError:
    print("check_generation.py: numpy is missing (Debian: apt-get install python3-numpy)")
    sys.exit(2)


def unescape(text):
    out, i = [], 0
    raw = text.encode("utf-8")
    while i < len(raw):
        c = raw[i:i + 1]
        if c == b"\\" and i + 1 < len(raw):
            n = raw[i + 1:i + 2]
            if n in (b"\\", b"n", b"t", b"r"):
                out.append({b"\\": b"\\", b"n": b"\n", b"t": b"\t", b"r": b"\r"}[n])
                i += 2
                continue
            if n == b"x":
                out.append(bytes([int(raw[i + 2:i + 4], 16)]))
                i += 4
                continue
        out.append(c)
        i += 1
    return b"".join(out).decode("utf-8", errors="replace")


def read_cases(path):
    cases, case = [], {}
    with open(path, encoding="utf-8") as f:
        for line in f.read().split("\n"):
            if line.startswith("#"):
                continue
            if not line.strip():
                if case:
                    cases.append(case)
                case = {}
                continue
            key, _, value = line.partition(": ")
            case[key] = value
    if case:
        cases.append(case)
    for c in cases:
        for key in ("model", "generate", "prompt_ids", "generated_ids"):
            if key not in c:
                sys.exit(f"check_generation.py: {path}: a case has no '{key}' line")
    return cases


def model_path(case, args, index):
    words = shlex.split(case["model"])
    if words[:2] == ["thymos-gguf", "synth-llama"]:
        path = os.path.join(args.work, f"synth-{index}.gguf")
        if not os.path.exists(path):
            cmd = [args.gguf_tool] + [path if w == "M" else w for w in words[1:]]
            subprocess.run(cmd, check=True)
        return path
    return os.path.join(args.shared, "models", case["model"])


def run(args, model, case, extra):
    cmd = [args.generate, "-m", model, "--temp", "0", "--json"] + extra
    gen = shlex.split(case["generate"])
    cmd += gen
    if "prompt" in case:
        cmd += ["-p", unescape(case["prompt"])]
    else:
        cmd += ["--prompt-ids", case["prompt_ids"]]
    done = subprocess.run(cmd, capture_output=True, text=True)
    if done.returncode != 0:
        print(f"  thymos-generate failed: {' '.join(cmd)}\n{done.stderr}")
        return None
    return json.loads(done.stdout)


def main():
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    ap.add_argument("expected")
    ap.add_argument("--generate", required=True, help="the thymos-generate binary")
    ap.add_argument("--gguf-tool", required=True, help="the thymos-gguf binary (synth-llama)")
    ap.add_argument("--shared", required=True, help="the ../shared folder")
    ap.add_argument("--work", required=True, help="a folder for models and logits")
    ap.add_argument("--margin", type=float, default=1e-3)
    ap.add_argument("--keep-models", action="store_true",
                    help="keep the synthetic models in --work (default: delete each after use)")
    args = ap.parse_args()
    if not os.path.isdir(args.shared):
        print(f"SKIPPED: {args.shared} not found (the models and vocabularies of ../shared)")
        return 77
    os.makedirs(args.work, exist_ok=True)
    failed = 0
    for index, case in enumerate(read_cases(args.expected)):
        model = model_path(case, args, index)
        name = case["model"].replace("thymos-gguf synth-llama -o M ", "synth ")
        logits_path = os.path.join(args.work, f"logits-{index}.npy")
        ours = run(args, model, case, ["-b", "1", "--logits-out", logits_path])
        if ours is None:
            failed += 1
            continue
        want_prompt = [int(t) for t in case["prompt_ids"].split()]
        want = [int(t) for t in case["generated_ids"].split()]
        got = ours["generated_ids"]
        if ours["prompt_ids"] != want_prompt:
            print(f"FAIL {name}: prompt ids {ours['prompt_ids']}, llama.cpp {want_prompt}")
            failed += 1
            continue
        if got == want:
            text_ok = "text" not in case or unescape(case["text"]) == ours["text"]
            status = "PASS" if text_ok else "FAIL"
            print(f"{status} {name}: {len(got)} tokens equal llama.cpp's"
                  + ("" if text_ok else f"; text {ours['text']!r} differs"))
            failed += not text_ok
        else:
            step = next((i for i, (a, b) in enumerate(zip(got, want)) if a != b),
                        min(len(got), len(want)))
            if step >= min(len(got), len(want)):
                print(f"FAIL {name}: {len(got)} tokens, llama.cpp {len(want)} (same prefix)")
                failed += 1
                continue
            logits = np.load(logits_path)
            row = logits[len(want_prompt) - 1 + step].astype(np.float64)
            scale = np.abs(row).max()
            gap = row[got[step]] - row[want[step]]
            margin = float(case.get("margin", args.margin))
            ok = gap <= margin * scale
            print(f"{'PASS' if ok else 'FAIL'} {name}: equal for {step} tokens, then ours "
                  f"{got[step]} and llama.cpp {want[step]}: our logits differ by {gap:.3g} = "
                  f"{gap / scale:.2e} x scale ({scale:.3g}), "
                  f"{'a near-tie' if ok else 'not a near-tie'} (margin {margin:g})")
            failed += not ok
        if "prompt" in case:
            batched = run(args, model, case, [])
            if batched is None or batched["generated_ids"] != got:
                print(f"FAIL {name}: the default prefill chunks give other ids than -b 1")
                failed += 1
        if model.startswith(args.work) and not args.keep_models:
            os.remove(model)
    return 1 if failed else 0


if __name__ == "__main__":
    sys.exit(main())
