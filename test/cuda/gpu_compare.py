#!/usr/bin/env python3
"""Every CUDA plan against the CPU plan of the same module, on one GPU.

For each module (the examples that have a CUDA lowering, and small synthetic
llama models in q4_0, q8_0 and f32, plus stories260K when ../shared is
there), both plans run every entry on the same random inputs and every output
is compared: |gpu - cpu| <= tol * max(1, max |cpu|), with tol 1e-4 for f32
(the GPU's f32 math functions and summation orders differ from the CPU's by a
few ulp per op), 1e-9 for f64, 1e-2 for f16. An entry with cuBLAS GEMM steps
(a llama model's @prefill) gets 1e-2 for f32 too: its GEMMs read f16 copies of
both operands (runtime/cuda/GemmOperands.h), so each product carries the
rounding of two f16 values (about 5e-4 each). So does a model whose K/V caches
are f16 or q8_0 (a key or value next to a rounding boundary lands on either
side of it on the two devices, a step of 2^-11 or 1/127 of its block's
largest). i32 inputs are 0 (a valid index
and position for every module here). Exits 77 where there is no CUDA driver.

    gpu_compare.py BUILD_DIR SOURCE_DIR WORK_DIR [--cuda-arch sm_XX]
"""
import json
import os
import subprocess
import sys

import numpy as np

TOLERANCE = {"f32": 1e-4, "f64": 1e-9, "f16": 1e-2, "i32": 0}
GEMM_TOLERANCE = {"f32": 1e-2}
NUMPY = {"f32": np.float32, "f64": np.float64, "f16": np.float16, "i32": np.int32}


def run(*args):
    return subprocess.run(list(args), capture_output=True, text=True)


def compile_pair(build, thy, work, arch):
    name = os.path.splitext(os.path.basename(thy))[0]
    cpu, gpu = os.path.join(work, name + ".cpu.plan"), os.path.join(work, name + ".cuda.plan")
    thymosc = os.path.join(build, "bin", "thymosc")
    for target, plan in (("cpu", cpu), ("cuda", gpu)):
        r = run(thymosc, thy, "--target=" + target, "--cuda-arch=" + arch, "-o", plan)
        if r.returncode != 0:
            return None, None, r.stderr.strip()
    return cpu, gpu, ""


def gemm_entries(tool, plan):
    """The entries of a CUDA plan with a step that ends in a cuBLAS GEMM."""
    entries, current = set(), None
    for line in run(tool, plan, "--dump").stdout.splitlines():
        if line.startswith("  entry @"):
            current = line.split("@", 1)[1].split(":", 1)[0]
        elif "then cuBLAS GEMM" in line and current:
            entries.add(current)
    return entries


def compare_module(build, name, thy, work, arch, rng, loose=False):
    cpu, gpu, error = compile_pair(build, thy, work, arch)
    if cpu is None:
        return "FAILED to compile: " + error
    tool = os.path.join(build, "bin", "thymos-run")
    listing = json.loads(run(tool, cpu, "--list", "--json").stdout)
    gemms = gemm_entries(tool, gpu)
    worst = 0.0
    for entry in listing["entries"]:
        tolerance = (dict(TOLERANCE, **GEMM_TOLERANCE) if loose or entry["name"] in gemms
                     else TOLERANCE)
        inputs = []
        for k, spec in enumerate(entry["inputs"]):
            path = os.path.join(work, "%s.%s.in%d.npy" % (name, entry["name"], k))
            if spec["dtype"] not in NUMPY:
                return "skipped: input %%%s is %s (no .npy form)" % (spec["name"], spec["dtype"])
            dtype = NUMPY[spec["dtype"]]
            value = (np.zeros(spec["shape"], dtype) if spec["dtype"] == "i32"
                     else rng.standard_normal(spec["shape"]).astype(dtype))
            np.save(path, value)
            inputs += ["--input", "#%d=%s" % (k, path)]
        results = {}
        for side, plan in (("cpu", cpu), ("gpu", gpu)):
            outs = []
            for k in range(len(entry["outputs"])):
                outs.append(os.path.join(
                    work, "%s.%s.%s.out%d.npy" % (name, entry["name"], side, k)))
            args = [tool, plan, "--entry", entry["name"]] + inputs
            for k, path in enumerate(outs):
                args += ["--output", "#%d=%s" % (k, path)]
            r = run(*args)
            if r.returncode != 0:
                if "no CUDA driver" in r.stderr:
                    print("SKIPPED: " + r.stderr.strip())
                    sys.exit(77)
                return "FAILED on the %s: %s" % (side, r.stderr.strip())
            results[side] = [np.load(p) for p in outs]
        for k, spec in enumerate(entry["outputs"]):
            want = results["cpu"][k].astype(np.float64)
            got = results["gpu"][k].astype(np.float64)
            scale = max(1.0, float(np.max(np.abs(want))) if want.size else 1.0)
            both_nan = np.isnan(want) & np.isnan(got)
            diff = np.where(both_nan, 0, np.abs(got - want))
            error_k = float(np.max(diff)) / scale if want.size else 0.0
            if not error_k <= tolerance[spec["dtype"]]:
                return "FAILED: @%s output %%%s differs by %.3g of its scale (tolerance %g)" % (
                    entry["name"], spec["name"], error_k, tolerance[spec["dtype"]])
            worst = max(worst, error_k / max(tolerance[spec["dtype"]], 1e-300))
    return "ok (largest difference %.2f of the tolerance)" % worst


def main():
    build, source, work = sys.argv[1:4]
    arch = sys.argv[5] if len(sys.argv) > 5 and sys.argv[4] == "--cuda-arch" else "sm_90"
    os.makedirs(work, exist_ok=True)
    rng = np.random.default_rng(7)
    modules = []
    for root, _, files in os.walk(os.path.join(source, "examples")):
        for f in sorted(files):
            if f.endswith(".thy") and "gguf" not in root:
                text = open(os.path.join(root, f)).read()
                if "cholesky" not in text:
                    modules.append((os.path.relpath(os.path.join(root, f), source),
                                    os.path.join(root, f), False))
    gguf = os.path.join(build, "bin", "thymos-gguf")
    for t in ("q4_0", "q8_0", "f32"):
        model = os.path.join(work, "synth-%s.gguf" % t)
        run(gguf, "synth-llama", "-o", model, "--dim", "256", "--layers", "2", "--heads", "8",
            "--kv-heads", "4", "--ffn", "512", "--vocab", "512", "--type", t, "--seed", "1")
        thy = os.path.join(work, "synth-%s.thy" % t)
        run(gguf, "import", model, "-o", thy)
        modules.append(("synthetic llama " + t, thy, False))
    for cache in ("f16", "q8_0"):
        thy = os.path.join(work, "synth-q4_0-cache-%s.thy" % cache)
        run(gguf, "import", os.path.join(work, "synth-q4_0.gguf"), "-o", thy, "--cache-type",
            cache)
        modules.append(("synthetic llama q4_0, %s K/V cache" % cache, thy, True))
    stories = os.path.join(source, "..", "shared", "models", "stories260K-f32.gguf")
    if os.path.exists(stories):
        thy = os.path.join(work, "stories.thy")
        run(gguf, "import", stories, "-o", thy)
        modules.append(("stories260K", thy, False))
    failed = 0
    for name, thy, loose in modules:
        verdict = compare_module(build, os.path.basename(thy)[:-4], thy, work, arch, rng, loose)
        print("%-40s %s" % (name, verdict))
        failed += verdict.startswith("FAILED")
    print("%d modules, %d failed" % (len(modules), failed))
    sys.exit(1 if failed else 0)


if __name__ == "__main__":
    main()
