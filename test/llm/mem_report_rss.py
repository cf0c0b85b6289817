#!/usr/bin/env python3
"""thymos-generate's --mem-report against the peak RSS it then reaches.

For each model, thymos-generate runs with --mem-report until its context is
full (so the whole KV cache is written), and the report's total is compared
with the peak resident set the run reaches (both from its --json). Prints
one line per model with the ratio. With --check LO HI, exits 1 where a ratio
falls outside [LO, HI]. The models: stories260K (with ../shared) and a
synthetic Q8_0 llama with a small vocabulary (its token embedding, which
becomes resident by rows and which the report counts whole, stays small).

Each model runs from a plan compiled beforehand (thymos-gguf import and
thymosc, as a board would get it): with -m, compiling in process can peak
above what the run then holds, and that is printed apart.

    mem_report_rss.py GENERATE GGUF_TOOL THYMOSC SHARED_DIR WORK_DIR [--check LO HI]
"""
import json
import os
import subprocess
import sys

def measure(generate, args):
    """(reported bytes, peak RSS bytes) of one run, as its --json tells them: the
    peak is the process image's own (VmHWM), not the forking parent's."""
    r = subprocess.run([generate] + args + ["--mem-report", "--temp", "0", "--ignore-eos",
                                             "--json"], capture_output=True)
    if r.returncode != 0:
        sys.exit("thymos-generate failed: " + r.stderr.decode("utf-8", "replace").strip())
    memory = json.loads(r.stdout)["memory"]
    return memory["reported_bytes"], memory["peak_resident_bytes"]


def main():
    generate, gguf, thymosc, shared, work = sys.argv[1:6]
    check = None
    if len(sys.argv) > 8 and sys.argv[6] == "--check":
        check = (float(sys.argv[7]), float(sys.argv[8]))
    os.makedirs(work, exist_ok=True)
    synth = os.path.join(work, "synth-q8_0.gguf")
    subprocess.run([gguf, "synth-llama", "-o", synth, "--dim", "512", "--layers", "4",
                    "--heads", "8", "--kv-heads", "4", "--ffn", "1536", "--vocab", "512",
                    "--type", "q8_0", "--seed", "2"], check=True, capture_output=True)
    cases = [("synthetic Q8_0 (dim 512, 4 layers), context 1024", synth, "1024")]
    stories = os.path.join(shared, "models", "stories260K-f32.gguf")
    if os.path.exists(stories):
        cases.append(("stories260K, context 512", stories, "512"))
    else:
        print("SKIP (stories260K): %s is not there" % stories)
    failed = False
    for name, model, context in cases:
        base = os.path.join(work, os.path.basename(model) + "." + context)
        subprocess.run([gguf, "import", model, "-o", base + ".thy", "-c", context], check=True,
                       capture_output=True)
        subprocess.run([thymosc, base + ".thy", "-o", base + ".plan"], check=True)
        report, peak = measure(generate, ["--plan", base + ".plan", "--prompt-ids", "1 300 301 302"])
        ratio = peak / report
        verdict = ""
        if check and not check[0] <= ratio <= check[1]:
            verdict = "  OUTSIDE [%g, %g]" % check
            failed = True
        print("%-52s report %7.2f MiB, peak RSS %7.2f MiB, ratio %.3f%s" % (
            name, report / 2 ** 20, peak / 2 ** 20, ratio, verdict))
    sys.exit(1 if failed else 0)


if __name__ == "__main__":
    main()
