#!/usr/bin/env bash
# Compares `pizhu convert` with OpenCC 1.4.2 on the same ≥ 50 MB input, in the same run:
# checks that the outputs are byte-identical (cmp) and prints MB/s of each and their ratio.
#
# Usage: scripts/compare-opencc.sh [MEGABYTES]   (default 50)
# Needs python3 with venv and PyPI access (OpenCC goes into a temporary venv; set
# OPENCC_VENV=/path/to/venv to reuse one that has opencc==1.4.2), and for the pizhu side
# target/release/pizhu with `convert --to simplified|traditional FILE` (cargo build --release).
# Without that binary only OpenCC is measured.
#
# OpenCC is timed two ways: its C++ core through the Python binding (convert() on bytes already
# in memory, best of 3), and its `opencc` command end to end (file in, file out, as pizhu is).
# The command needs --include-tofu-risk-dictionaries to load t2s as the library does.
set -euo pipefail

repo="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
megabytes="${1:-50}"
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

# Input: the seeds (3 simplified, 2 traditional) and their s2t fixtures (5 more traditional),
# repeated to the requested size.
input="$tmp/input.txt"
parts=("$repo"/seeds/*.txt "$repo"/tests/data/opencc/0*.s2t.txt)
: >"$input"
while (($(stat -c %s "$input") < megabytes * 1000 * 1000)); do
    cat "${parts[@]}" >>"$input"
done
bytes=$(stat -c %s "$input")
echo "input: $bytes bytes, ${#parts[@]} files repeated"

now() { date +%s.%N; }
mbps() { awk -v b="$bytes" -v s="$1" 'BEGIN { printf "%.1f", b / 1e6 / s }'; }
seconds_since() { awk -v a="$1" -v b="$(now)" 'BEGIN { printf "%.6f", b - a }'; }

# OpenCC's C++ core through the Python binding (conversion only, no I/O, no str encoding).
"$py" - "$input" "$tmp" >"$tmp/py-times" <<'PY'
import sys, time, opencc
from opencc import opencc_clib
path, out = sys.argv[1], sys.argv[2]
data = open(path, "rb").read()
for config in ("s2t", "t2s"):
    cc = opencc.OpenCC(config + ".json")
    best, result = float("inf"), None
    for _ in range(3):
        start = time.perf_counter()
        result = opencc_clib._OpenCC.convert(cc, data, len(data))
        best = min(best, time.perf_counter() - start)
    with open(f"{out}/opencc-py.{config}.txt", "w", encoding="utf-8", newline="") as f:
        f.write(result)
    print(config, f"{best:.6f}")
PY

pizhu="$repo/target/release/pizhu"
have_pizhu=0
# A real probe: a binary without the subcommand may still exit 0.
if [[ -x "$pizhu" ]] &&
    [[ "$(printf '发展\n' | "$pizhu" convert --to traditional - 2>/dev/null)" == "發展" ]]; then
    have_pizhu=1
else
    echo "note: $pizhu missing or without 'convert'; measuring OpenCC only" >&2
fi

status=0
printf '%-5s %-28s %10s %10s\n' config tool seconds MB/s
for config in s2t t2s; do
    case "$config" in
        s2t) to=traditional ;;
        t2s) to=simplified ;;
    esac
    py_seconds="$(awk -v c="$config" '$1 == c { print $2 }' "$tmp/py-times")"
    printf '%-5s %-28s %10s %10s\n' "$config" "OpenCC 1.4.2 (C++ via Python)" "$py_seconds" "$(mbps "$py_seconds")"

    start="$(now)"
    "$share/bin/opencc" --include-tofu-risk-dictionaries -c "$share/share/opencc/$config.json" \
        -i "$input" -o "$tmp/opencc-cli.$config.txt"
    cli_seconds="$(seconds_since "$start")"
    printf '%-5s %-28s %10s %10s\n' "$config" "OpenCC 1.4.2 (opencc CLI)" "$cli_seconds" "$(mbps "$cli_seconds")"
    cmp "$tmp/opencc-py.$config.txt" "$tmp/opencc-cli.$config.txt" ||
        { echo "$config: OpenCC CLI and library disagree" >&2; status=1; }

    if ((have_pizhu)); then
        best=""
        for _ in 1 2 3; do
            start="$(now)"
            "$pizhu" convert --to "$to" "$input" >"$tmp/pizhu.$config.txt"
            seconds="$(seconds_since "$start")"
            best="$(awk -v a="$best" -v b="$seconds" 'BEGIN { print (a == "" || b < a) ? b : a }')"
        done
        printf '%-5s %-28s %10s %10s\n' "$config" "pizhu convert (best of 3)" "$best" "$(mbps "$best")"
        if cmp "$tmp/opencc-py.$config.txt" "$tmp/pizhu.$config.txt"; then
            echo "$config: outputs identical"
        else
            echo "$config: OUTPUTS DIFFER" >&2
            status=1
        fi
        awk -v p="$best" -v o="$py_seconds" -v c="$cli_seconds" -v k="$config" 'BEGIN {
            printf "%s: pizhu is %.2fx OpenCC core, %.2fx OpenCC CLI\n", k, o / p, c / p }'
    fi
done
exit "$status"
