#!/usr/bin/env bash
# Weights by reference, end to end: write a synthetic q4_0 llama GGUF, inspect
# it, compile embed_project.thy against it and run it. Prints the plan's size
# next to the model's, and the first query values.
#   examples/gguf/run.sh            (tools on PATH, as examples/run-all.sh sets)
set -euo pipefail
here=$(cd "$(dirname "$0")" && pwd)
work=$(mktemp -d) && trap 'rm -rf "$work"' EXIT

thymos-gguf synth-llama --dim 64 --layers 1 --heads 4 --kv-heads 2 --ffn 128 --vocab 320 \
  --type q4_0 --seed 7 -o "$work/model.gguf"
thymos-gguf inspect "$work/model.gguf" | grep -E "^(tensors|  token_embd|  blk.0.attn_q)" || true
# The module names "model.gguf": it resolves beside the .thy, and later beside the plan.
cp "$here/embed_project.thy" "$work/"
thymosc "$work/embed_project.thy" -o "$work/embed_project.plan"
echo "gguf.model_bytes = $(stat -c %s "$work/model.gguf")"
echo "gguf.plan_bytes = $(stat -c %s "$work/embed_project.plan")"
# Four token ids as an i32 .npy (plain Python: no numpy needed).
python3 - "$work/tokens.npy" <<'PY'
import struct, sys
header = "{'descr': '<i4', 'fortran_order': False, 'shape': (4,), }"
header += " " * (63 - (10 + len(header)) % 64) + "\n"
with open(sys.argv[1], "wb") as f:
    f.write(b"\x93NUMPY\x01\x00" + struct.pack("<H", len(header)) + header.encode())
    f.write(struct.pack("<4i", 1, 17, 42, 300))
PY
thymos-run "$work/embed_project.plan" --input "tokens=$work/tokens.npy" \
  --output "q=$work/q.csv"
echo "gguf.q_row0_first4 = $(head -1 "$work/q.csv" | cut -d, -f1-4)"
