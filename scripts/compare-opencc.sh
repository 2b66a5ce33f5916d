#!/usr/bin/env bash
# Compares `pizhu convert` with OpenCC 1.4.2 on the same ≥ 50 MB input, in the same run, for
# every config (s2t, t2s and the ten regional ones): checks that the outputs are byte-identical
# (cmp) and prints, for each tool, the median wall-clock time and the median CPU time (user +
# system) over several rounds, and the ratios. On a machine others share, wall-clock times move
# with their load; CPU times much less.
#
# Usage: scripts/compare-opencc.sh [MEGABYTES]   (default 50)
#   CONFIGS="s2t s2twp"  only these configs (default: all twelve)
#   ROUNDS=5             rounds per config (default 5); each round times every tool once,
#                        one after the other, so a busy machine slows all of them alike
#   OPENCC_VENV=/path    reuse a venv that has opencc==1.4.2 (default: a temporary one)
# Needs python3 with venv and PyPI access, and for the pizhu side target/release/pizhu with
# `convert --config NAME FILE` (cargo build --release). Without that binary only OpenCC is
# measured.
#
# OpenCC is timed two ways: its C++ core through the Python binding (convert() on bytes already
# in memory: conversion only, no I/O, dictionaries loaded before the clock starts), and its
# `opencc` command end to end (file in, file out, as pizhu is, dictionaries included). The
# command needs --include-tofu-risk-dictionaries to load the …2s configs as the library does.
# The headline ratio is to the core; pizhu's time is end to end (start, dictionaries, read,
# decode, convert, write).
set -euo pipefail

repo="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
megabytes="${1:-50}"
rounds="${ROUNDS:-5}"
configs="${CONFIGS:-s2t t2s s2tw s2twp s2hk tw2s tw2sp hk2s t2tw t2hk tw2t hk2t}"
tmp="$(mktemp -d)"
trap 'rm -rf "$tmp"' EXIT

venv="${OPENCC_VENV:-}"
if [[ -z "$venv" ]]; then
    venv="$tmp/venv"
    python3 -m venv "$venv"
    "$venv/bin/pip" install --quiet opencc==1.4.2
fi
py="$venv/bin/python"
"$py" -c 'import opencc, sys; sys.exit(opencc.__version__ != "1.4.2")' ||
    { echo "need opencc==1.4.2 in $venv" >&2; exit 1; }
share="$("$py" -c 'import opencc, os; print(os.path.join(os.path.dirname(opencc.__file__), "clib"))')"

# Input: the seeds (3 simplified, 2 traditional), their s2t fixtures (5 more traditional) and
# their s2twp fixtures (Taiwan characters and vocabulary, for tw2sp), repeated to the size.
input="$tmp/input.txt"
parts=("$repo"/seeds/*.txt "$repo"/tests/data/opencc/0*[0-9a-f].s2t.txt
    "$repo"/tests/data/opencc/0*[0-9a-f].s2twp.txt)
: >"$input"
while (($(stat -c %s "$input") < megabytes * 1000 * 1000)); do
    cat "${parts[@]}" >>"$input"
done
bytes=$(stat -c %s "$input")
echo "input: $bytes bytes, ${#parts[@]} files repeated; $rounds rounds per config"

# One conversion by OpenCC's C++ core through the Python binding; prints its wall and CPU
# seconds (the dictionaries are loaded before the clock starts) and writes the output when asked.
cat >"$tmp/opencc_once.py" <<'PY'
import sys, time, opencc
from opencc import opencc_clib
config, path, out = sys.argv[1], sys.argv[2], sys.argv[3]
data = open(path, "rb").read()
cc = opencc.OpenCC(config + ".json")
start, cpu = time.perf_counter(), time.process_time()
result = opencc_clib._OpenCC.convert(cc, data, len(data))
seconds, cpu = time.perf_counter() - start, time.process_time() - cpu
if out != "-":
    with open(out, "w", encoding="utf-8", newline="") as f:
        f.write(result)
print(f"{seconds:.6f} {cpu:.6f}")
PY

# Runs a command with its standard output to a file; prints its wall and CPU (user + system)
# seconds, the latter from the kernel's accounting of the child (µs resolution).
cat >"$tmp/timed.py" <<'PY'
import os, subprocess, sys, time
out, cmd = sys.argv[1], sys.argv[2:]
with open(out, "wb") as f:
    start = time.perf_counter()
    child = subprocess.Popen(cmd, stdout=f)
    _, status, usage = os.wait4(child.pid, 0)
    seconds = time.perf_counter() - start
if status != 0:
    sys.exit(f"{cmd[0]} failed ({status})")
print(f"{seconds:.6f} {usage.ru_utime + usage.ru_stime:.6f}")
PY

pizhu="$repo/target/release/pizhu"
have_pizhu=0
# A real probe: a binary without the option may still exit 0.
if [[ -x "$pizhu" ]] &&
    [[ "$(printf '鼠标\n' | "$pizhu" convert --config s2twp - 2>/dev/null)" == "滑鼠" ]]; then
    have_pizhu=1
else
    echo "note: $pizhu missing or without 'convert --config'; measuring OpenCC only" >&2
fi

mbps() { awk -v b="$bytes" -v s="$1" 'BEGIN { printf "%.1f", b / 1e6 / s }'; }
# Median of column $1 of a file of "wall cpu" lines.
median() { awk -v c="$1" '{ print $c }' "$2" | sort -g |
    awk '{ v[NR] = $1 } END { print (NR % 2) ? v[(NR + 1) / 2] : (v[NR / 2] + v[NR / 2 + 1]) / 2 }'; }

status=0
printf '%-6s %-28s %9s %9s %9s %9s\n' config tool "wall s" "wall MB/s" "CPU s" "CPU MB/s"
row() {
    local wall cpu
    wall="$(median 1 "$2")" && cpu="$(median 2 "$2")"
    printf '%-6s %-28s %9s %9s %9s %9s\n' "$config" "$1" "$wall" "$(mbps "$wall")" "$cpu" "$(mbps "$cpu")"
}
for config in $configs; do
    : >"$tmp/core" && : >"$tmp/cli" && : >"$tmp/pizhu"
    identical=1
    for ((round = 1; round <= rounds; round++)); do
        # The first round also keeps every output, for the comparison.
        out_core="-"
        if ((round == 1)); then out_core="$tmp/opencc-core.txt"; fi
        "$py" "$tmp/opencc_once.py" "$config" "$input" "$out_core" >>"$tmp/core"

        "$py" "$tmp/timed.py" "$tmp/opencc-cli.txt" "$share/bin/opencc" \
            --include-tofu-risk-dictionaries -c "$share/share/opencc/$config.json" \
            -i "$input" -o /dev/stdout >>"$tmp/cli"
        if ((round == 1)) && ! cmp -s "$tmp/opencc-core.txt" "$tmp/opencc-cli.txt"; then
            # OpenCC's command converts in 4 MiB pieces: a phrase across a piece's end is
            # missed, so on a large input it may differ from its own library.
            echo "$config: OpenCC CLI and library disagree" >&2
        fi

        if ((have_pizhu)); then
            "$py" "$tmp/timed.py" "$tmp/pizhu.txt" "$pizhu" convert --config "$config" "$input" \
                >>"$tmp/pizhu"
            if ((round == 1)) && ! cmp -s "$tmp/opencc-core.txt" "$tmp/pizhu.txt"; then
                echo "$config: OUTPUTS DIFFER" >&2
                status=1 && identical=0
            fi
        fi
    done
    row "OpenCC 1.4.2 core (Python)" "$tmp/core"
    row "OpenCC 1.4.2 CLI" "$tmp/cli"
    if ((have_pizhu)); then
        row "pizhu convert" "$tmp/pizhu"
        awk -v pw="$(median 1 "$tmp/pizhu")" -v pc="$(median 2 "$tmp/pizhu")" \
            -v ow="$(median 1 "$tmp/core")" -v oc="$(median 2 "$tmp/core")" \
            -v cw="$(median 1 "$tmp/cli")" -v k="$config" -v s="$identical" 'BEGIN {
            printf "%s: pizhu is %.2fx OpenCC core (wall), %.2fx (CPU), %.2fx OpenCC CLI (wall)%s\n",
                k, ow / pw, oc / pc, cw / pw, s == 1 ? "; outputs identical" : "" }'
    fi
done
exit "$status"
